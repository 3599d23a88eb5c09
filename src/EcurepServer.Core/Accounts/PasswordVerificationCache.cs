using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace EcurepServer.Core.Accounts;

/// <summary>
/// Transfer IDs whose password passed PBKDF2 a short while ago, so a repeated correct login costs an HMAC instead of
/// a full derivation. Each entry holds the stored hash it was checked against and an HMAC-SHA256 of the password
/// under a key drawn at start and never written anywhere, so memory holds nothing that opens the account elsewhere or
/// after a restart. A hit needs an unexpired entry, the same stored hash (a changed or removed account never hits)
/// and the same password; anything else falls through to PBKDF2.
/// </summary>
internal sealed class PasswordVerificationCache(TimeSpan lifetime, TimeProvider time)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool Enabled => lifetime > TimeSpan.Zero;

    public bool Matches(string id, string password, string storedHash)
    {
        if (!Enabled || !_entries.TryGetValue(id, out var entry))
        {
            return false;
        }

        if (entry.Expires <= time.GetUtcNow() || !string.Equals(entry.StoredHash, storedHash, StringComparison.Ordinal))
        {
            _entries.TryRemove(KeyValuePair.Create(id, entry));
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(id, password), entry.PasswordMac);
    }

    /// <summary>Called only after PBKDF2 accepted <paramref name="password"/> against <paramref name="storedHash"/>.</summary>
    public void Remember(string id, string password, string storedHash)
    {
        if (Enabled)
        {
            _entries[id] = new Entry(storedHash, Mac(id, password), time.GetUtcNow() + lifetime);
        }
    }

    private byte[] Mac(string id, string password) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{id}\0{password}"));

    private sealed record Entry(string StoredHash, byte[] PasswordMac, DateTimeOffset Expires);
}
