using System.Security.Cryptography;

namespace EcurepServer.Ssh.Keys;

/// <summary>The NIST curves of RFC 5656: SSH names, .NET curves, field sizes and the hash each one pairs with.</summary>
internal sealed class EcdsaCurve
{
    private EcdsaCurve(string identifier, ECCurve curve, int fieldSize, HashAlgorithmName hash)
    {
        Identifier = identifier;
        KeyType = "ecdsa-sha2-" + identifier;
        Curve = curve;
        FieldSize = fieldSize;
        Hash = hash;
    }

    public static EcdsaCurve P256 { get; } = new("nistp256", ECCurve.NamedCurves.nistP256, 32, HashAlgorithmName.SHA256);

    public static EcdsaCurve P384 { get; } = new("nistp384", ECCurve.NamedCurves.nistP384, 48, HashAlgorithmName.SHA384);

    public static EcdsaCurve P521 { get; } = new("nistp521", ECCurve.NamedCurves.nistP521, 66, HashAlgorithmName.SHA512);

    private static readonly EcdsaCurve[] All = [P256, P384, P521];

    /// <summary>The curve part of the name: <c>nistp256</c>.</summary>
    public string Identifier { get; }

    /// <summary>The key and signature algorithm name: <c>ecdsa-sha2-nistp256</c>.</summary>
    public string KeyType { get; }

    public ECCurve Curve { get; }

    /// <summary>Bytes of one coordinate.</summary>
    public int FieldSize { get; }

    public HashAlgorithmName Hash { get; }

    public static EcdsaCurve? FromKeyType(string keyType) => Array.Find(All, c => c.KeyType == keyType);

    public static EcdsaCurve? FromIdentifier(string identifier) => Array.Find(All, c => c.Identifier == identifier);

    /// <summary>Splits an uncompressed SEC1 point (<c>04 || X || Y</c>); compressed points are not accepted.</summary>
    public bool TryDecodePoint(ReadOnlySpan<byte> encoded, out ECPoint point)
    {
        point = default;
        if (encoded.Length != 1 + (2 * FieldSize) || encoded[0] != 4)
        {
            return false;
        }

        point = new ECPoint
        {
            X = encoded.Slice(1, FieldSize).ToArray(),
            Y = encoded.Slice(1 + FieldSize, FieldSize).ToArray(),
        };
        return true;
    }

    public byte[] EncodePoint(ECPoint point)
    {
        var encoded = new byte[1 + (2 * FieldSize)];
        encoded[0] = 4;
        point.X.CopyTo(encoded.AsSpan(1 + FieldSize - point.X!.Length));
        point.Y.CopyTo(encoded.AsSpan(1 + (2 * FieldSize) - point.Y!.Length));
        return encoded;
    }
}
