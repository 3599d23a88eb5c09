using System.Globalization;
using System.Security.Cryptography;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Accounts;

/// <summary>
/// Salted PBKDF2-SHA256 hashes stored as <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt b64&gt;$&lt;hash b64&gt;</c>,
/// so the cost can be raised later without invalidating existing hashes.
/// </summary>
public sealed class PasswordHasher
{
    public const string Scheme = "pbkdf2-sha256";

    public const int MinIterations = 10_000;

    public const int MaxIterations = 10_000_000;

    public const int MaxPasswordLength = 1024;

    private const int SaltBytes = 16;

    private const int HashBytes = 32;

    private readonly int _iterations;
    private readonly byte[] _dummySalt = RandomNumberGenerator.GetBytes(SaltBytes);

    public PasswordHasher(IOptions<AccountOptions> options)
        : this(options.Value.Pbkdf2Iterations)
    {
    }

    public PasswordHasher(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        _iterations = iterations;
    }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, _iterations, HashBytes);
        return string.Join('$', Scheme, _iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> matches; a malformed stored hash costs a dummy hash and fails.</summary>
    public bool Verify(string password, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            SpendDummyHash(password);
            return false;
        }

        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Costs as much as a verification, so a login for an unknown ID takes as long as one for a known ID.</summary>
    public void SpendDummyHash(string password) => Derive(password ?? "", _dummySalt, _iterations, HashBytes);

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < 1 || iterations > MaxIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length is >= 16 and <= 64;
    }
}
