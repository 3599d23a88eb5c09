using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Keys;

/// <summary>An ECDSA host key on a NIST curve (RFC 5656), signed with .NET's ECDsa.</summary>
public sealed class EcdsaHostKey : SshHostKey
{
    private readonly ECDsa _key;
    private readonly EcdsaCurve _curve;
    private readonly byte[] _point;

    private EcdsaHostKey(ECDsa key, EcdsaCurve curve)
    {
        _key = key;
        _curve = curve;
        _point = curve.EncodePoint(key.ExportParameters(false).Q);
        PublicKey = SshPublicKey.FromTrustedBlob(
            new SshWriter(128).Utf8(curve.KeyType).Utf8(curve.Identifier).Binary(_point).WrittenSpan.ToArray());
        SignatureAlgorithms = [curve.KeyType];
    }

    public override SshPublicKey PublicKey { get; }

    public override IReadOnlyList<string> SignatureAlgorithms { get; }

    /// <summary>A new key on P-256.</summary>
    public static EcdsaHostKey Generate() => new(ECDsa.Create(EcdsaCurve.P256.Curve), EcdsaCurve.P256);

    internal static EcdsaHostKey FromPrivate(EcdsaCurve curve, ReadOnlySpan<byte> point, ReadOnlySpan<byte> privateScalar)
    {
        if (!curve.TryDecodePoint(point, out var q))
        {
            throw new CryptographicException("the ECDSA public point is not an uncompressed point on the curve");
        }

        var key = ECDsa.Create(new ECParameters
        {
            Curve = curve.Curve,
            Q = q,
            D = SshSignatureEncoding.PadLeft(privateScalar, curve.FieldSize),
        });
        return new EcdsaHostKey(key, curve);
    }

    public override byte[] Sign(string signatureAlgorithm, ReadOnlySpan<byte> data)
    {
        EnsureServes(signatureAlgorithm);
        var p1363 = _key.SignData(data, _curve.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return SignatureBlob(signatureAlgorithm, SshSignatureEncoding.EcdsaToSsh(p1363));
    }

    internal override void WritePrivateFields(SshWriter writer)
    {
        var parameters = _key.ExportParameters(true);
        writer.Utf8(_curve.Identifier).Binary(_point).MPIntUnsigned(parameters.D);
        CryptographicOperations.ZeroMemory(parameters.D);
    }
}
