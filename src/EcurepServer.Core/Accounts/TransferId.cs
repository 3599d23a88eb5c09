using System.Text.RegularExpressions;

namespace EcurepServer.Core.Accounts;

/// <summary>The syntax of IBM Support File Transfer IDs (e.g. E-ABCD12345f); matched case-sensitively.</summary>
public static partial class TransferId
{
    public static bool IsValid(string? id) => id is not null && Syntax().IsMatch(id) && !IsAnonymousName(id);

    /// <summary>Why <paramref name="id"/> cannot be a Transfer ID; null when it can.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "a Transfer ID must not be empty";
        }

        if (IsAnonymousName(id))
        {
            return $"\"{id}\" is reserved for anonymous login";
        }

        return Syntax().IsMatch(id)
            ? null
            : "a Transfer ID is 1 to 64 characters: letters, digits and . _ @ -, starting with a letter or digit";
    }

    /// <summary>The names that log in anonymously, in any case.</summary>
    public static bool IsAnonymousName(string? user) =>
        string.Equals(user, "anonymous", StringComparison.OrdinalIgnoreCase) || string.Equals(user, "ftp", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
