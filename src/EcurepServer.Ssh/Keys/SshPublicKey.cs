using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Keys;

/// <summary>
/// A public key in SSH wire form (RFC 4253 section 6.6): parse, compare, fingerprint, verify signatures.
/// RSA keys under 2048 bits and SHA-1 signatures (<c>ssh-rsa</c>) are refused.
/// </summary>
public sealed class SshPublicKey : IEquatable<SshPublicKey>
{
    public const string Ed25519 = "ssh-ed25519";
    public const string Rsa = "ssh-rsa";
    public const string RsaSha256 = "rsa-sha2-256";
    public const string RsaSha512 = "rsa-sha2-512";

    /// <summary>The smallest RSA modulus accepted, in bits.</summary>
    public const int MinimumRsaBits = 2048;

    private readonly byte[] _blob;

    private SshPublicKey(string keyType, byte[] blob)
    {
        KeyType = keyType;
        _blob = blob;
    }

    /// <summary>The key format name: <c>ssh-ed25519</c>, <c>ecdsa-sha2-nistp256</c>, <c>ssh-rsa</c>, ...</summary>
    public string KeyType { get; }

    public ReadOnlyMemory<byte> Blob => _blob;

    /// <summary>OpenSSH's form: <c>SHA256:</c> and the unpadded base64 of the blob's SHA-256.</summary>
    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(_blob)).TrimEnd('=');

    public static bool TryParse(ReadOnlySpan<byte> blob, out SshPublicKey? key)
    {
        key = null;
        try
        {
            var reader = new SshReader(blob);
            var keyType = reader.ReadUtf8();
            var valid = keyType switch
            {
                Ed25519 => reader.ReadBinary().Length == 32,
                Rsa => IsAcceptableRsa(ref reader),
                _ => EcdsaCurve.FromKeyType(keyType) is { } curve && IsValidEcdsa(ref reader, curve),
            };
            reader.EnsureEnd();
            if (valid)
            {
                key = new SshPublicKey(keyType, blob.ToArray());
            }

            return valid;
        }
        catch (SshProtocolException)
        {
            return false;
        }
    }

    /// <summary>Parses one <c>authorized_keys</c> line (<c>type base64 [comment]</c>; options are not supported).</summary>
    public static bool TryParseOpenSsh(string line, out SshPublicKey? key)
    {
        key = null;
        var parts = line.Trim().Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return false;
        }

        var blob = new byte[parts[1].Length];
        if (!Convert.TryFromBase64String(parts[1], blob, out var length)
            || !TryParse(blob.AsSpan(0, length), out key)
            || key!.KeyType != parts[0])
        {
            key = null;
            return false;
        }

        return true;
    }

    /// <summary>The <c>type base64</c> form of authorized_keys and known_hosts.</summary>
    public string ToOpenSsh() => KeyType + " " + Convert.ToBase64String(_blob);

    /// <summary>Checks a signature blob (<c>string algorithm, string signature</c>) made with <paramref name="signatureAlgorithm"/>.</summary>
    public bool Verify(string signatureAlgorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob)
    {
        try
        {
            var signatureReader = new SshReader(signatureBlob);
            var algorithm = signatureReader.ReadUtf8();
            var signature = signatureReader.ReadBinary();
            signatureReader.EnsureEnd();
            if (algorithm != signatureAlgorithm || !SignatureAlgorithmFits(algorithm))
            {
                return false;
            }

            var keyReader = new SshReader(_blob);
            keyReader.ReadUtf8();
            return KeyType switch
            {
                Ed25519 => VerifyEd25519(keyReader.ReadBinary(), data, signature),
                Rsa => VerifyRsa(ref keyReader, algorithm, data, signature),
                _ => VerifyEcdsa(ref keyReader, data, signature),
            };
        }
        catch (SshProtocolException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Whether a signature algorithm name goes with this key's type.</summary>
    public bool SignatureAlgorithmFits(string signatureAlgorithm) => KeyType == Rsa
        ? signatureAlgorithm is RsaSha256 or RsaSha512
        : signatureAlgorithm == KeyType;

    public bool Equals(SshPublicKey? other) => other is not null && _blob.AsSpan().SequenceEqual(other._blob);

    public override bool Equals(object? obj) => Equals(obj as SshPublicKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_blob);
        return hash.ToHashCode();
    }

    public override string ToString() => KeyType + " " + Fingerprint;

    internal static SshPublicKey FromTrustedBlob(byte[] blob)
    {
        if (!TryParse(blob, out var key))
        {
            throw new CryptographicException("the key is not a supported SSH public key");
        }

        return key!;
    }

    private static bool IsAcceptableRsa(ref SshReader reader)
    {
        var exponent = reader.ReadMPIntBytes();
        var modulus = reader.ReadMPIntBytes();
        if (exponent.IsEmpty || modulus.IsEmpty || (exponent[0] & 0x80) != 0 || (modulus[0] & 0x80) != 0)
        {
            return false;
        }

        return RsaBits(modulus) >= MinimumRsaBits;
    }

    internal static int RsaBits(ReadOnlySpan<byte> modulus)
    {
        var trimmed = SshSignatureEncoding.TrimLeadingZeros(modulus);
        return trimmed.IsEmpty ? 0 : ((trimmed.Length - 1) * 8) + (32 - int.LeadingZeroCount(trimmed[0]));
    }

    private static bool IsValidEcdsa(ref SshReader reader, EcdsaCurve curve)
    {
        if (reader.ReadUtf8() != curve.Identifier || !curve.TryDecodePoint(reader.ReadBinary(), out var point))
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve.Curve, Q = point });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool VerifyEd25519(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        var message = data.ToArray();
        return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, message, 0, message.Length);
    }

    private static bool VerifyRsa(ref SshReader keyReader, string algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var exponent = SshSignatureEncoding.TrimLeadingZeros(keyReader.ReadMPIntBytes()).ToArray();
        var modulus = SshSignatureEncoding.TrimLeadingZeros(keyReader.ReadMPIntBytes()).ToArray();
        if (signature.Length > modulus.Length)
        {
            return false;
        }

        using var rsa = RSA.Create(new RSAParameters { Exponent = exponent, Modulus = modulus });
        var hash = algorithm == RsaSha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

        // Some clients drop the signature's leading zero bytes; OpenSSH accepts that, .NET wants the full modulus width.
        return rsa.VerifyData(data, SshSignatureEncoding.PadLeft(signature, modulus.Length), hash, RSASignaturePadding.Pkcs1);
    }

    private bool VerifyEcdsa(ref SshReader keyReader, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var curve = EcdsaCurve.FromKeyType(KeyType)!;
        keyReader.ReadUtf8();
        curve.TryDecodePoint(keyReader.ReadBinary(), out var point);
        Span<byte> p1363 = stackalloc byte[2 * curve.FieldSize];
        if (!SshSignatureEncoding.TryEcdsaFromSsh(signature, curve.FieldSize, p1363))
        {
            return false;
        }

        using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve.Curve, Q = point });
        return ecdsa.VerifyData(data, p1363, curve.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
