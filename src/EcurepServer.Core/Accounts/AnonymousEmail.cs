namespace EcurepServer.Core.Accounts;

/// <summary>
/// What an anonymous password must look like. Deliberately loose: clients send placeholders such as
/// "lftp@" (lftp) or "ftp@example.com" (curl), and those must work.
/// </summary>
public static class AnonymousEmail
{
    public const int MaxLength = 254;

    public static bool IsPlausible(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length > MaxLength || !password.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in password)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
