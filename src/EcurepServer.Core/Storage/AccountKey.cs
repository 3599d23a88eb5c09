using System.Net;
using System.Security.Cryptography;
using System.Text;
using EcurepServer.Core.Accounts;

namespace EcurepServer.Core.Storage;

/// <summary>
/// The names that keep one account's uploads apart on disk. The key names its folder of interrupted uploads: a hash,
/// so any account name becomes a safe, fixed-length file name. An anonymous user has no secret, so the key binds
/// anonymous uploads to what another anonymous user cannot simply claim: the client address (IPv4-mapped addresses
/// as IPv4) together with the exact anonymous password text; such keys start with <see cref="AnonymousPrefix"/>.
/// </summary>
public static class AccountKey
{
    public const string AnonymousPrefix = "anonymous-";

    public static string For(Principal principal, IPAddress clientAddress)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(clientAddress);
        return principal.IsAnonymous
            ? AnonymousPrefix + Hash($"anonymous\n{Normalize(clientAddress)}\n{principal.AnonymousEmail}")
            : ForTransferId(principal.Name);
    }

    /// <summary>The key of a Transfer ID, which does not depend on where it logs in from.</summary>
    public static string ForTransferId(string transferId) => Hash(transferId);

    /// <summary>True for the key of anonymous uploads, which are kept for a shorter time.</summary>
    public static bool IsAnonymous(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith(AnonymousPrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The folder below a product directory that holds the account's delivered files: the Transfer ID itself, so
    /// operators see whose files they are; otherwise (anonymous) "_" and the key, which no Transfer ID can be.
    /// </summary>
    public static string DeliveryFolder(Principal principal, string key)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return !principal.IsAnonymous && TransferId.IsValid(principal.Name) ? principal.Name : "_" + key;
    }

    /// <summary>The address as receipts show it: an IPv4-mapped IPv6 address as IPv4.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static string Hash(string identity)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(identity), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
