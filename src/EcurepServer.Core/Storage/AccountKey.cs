using System.Security.Cryptography;
using System.Text;
using EcurepServer.Core.Accounts;

namespace EcurepServer.Core.Storage;

/// <summary>
/// The folder name that keeps one account's partial uploads apart: a hash, so any account name (or an
/// anonymous user's e-mail) becomes a safe, fixed-length file name.
/// </summary>
public static class AccountKey
{
    public static string For(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var identity = principal.IsAnonymous
            ? "anonymous:" + (principal.AnonymousEmail ?? "").ToLowerInvariant()
            : principal.Name;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(identity), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
