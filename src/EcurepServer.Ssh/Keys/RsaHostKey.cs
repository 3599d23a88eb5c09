using System.Numerics;
using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Keys;

/// <summary>An RSA host key serving rsa-sha2-512 and rsa-sha2-256 (RFC 8332); SHA-1 <c>ssh-rsa</c> signatures are not made.</summary>
public sealed class RsaHostKey : SshHostKey
{
    private readonly RSA _key;

    private RsaHostKey(RSA key)
    {
        _key = key;
        var parameters = key.ExportParameters(false);
        PublicKey = SshPublicKey.FromTrustedBlob(new SshWriter(key.KeySize / 8 + 32)
            .Utf8(SshPublicKey.Rsa).MPIntUnsigned(parameters.Exponent).MPIntUnsigned(parameters.Modulus).WrittenSpan.ToArray());
    }

    public override SshPublicKey PublicKey { get; }

    public override IReadOnlyList<string> SignatureAlgorithms { get; } = [SshPublicKey.RsaSha512, SshPublicKey.RsaSha256];

    public static RsaHostKey Generate(int bits = 3072) => new(RSA.Create(bits));

    /// <summary>From the fields OpenSSH stores (n, e, d, iqmp, p, q); the CRT exponents are derived.</summary>
    internal static RsaHostKey FromPrivate(
        ReadOnlySpan<byte> n, ReadOnlySpan<byte> e, ReadOnlySpan<byte> d, ReadOnlySpan<byte> iqmp, ReadOnlySpan<byte> p, ReadOnlySpan<byte> q)
    {
        var modulus = SshSignatureEncoding.TrimLeadingZeros(n).ToArray();
        var half = (modulus.Length + 1) / 2;
        var dValue = Unsigned(d);
        var parameters = new RSAParameters
        {
            Modulus = modulus,
            Exponent = SshSignatureEncoding.TrimLeadingZeros(e).ToArray(),
            D = SshSignatureEncoding.PadLeft(d, modulus.Length),
            P = SshSignatureEncoding.PadLeft(p, half),
            Q = SshSignatureEncoding.PadLeft(q, half),
            DP = PadLeft(dValue % (Unsigned(p) - 1), half),
            DQ = PadLeft(dValue % (Unsigned(q) - 1), half),
            InverseQ = SshSignatureEncoding.PadLeft(iqmp, half),
        };
        return new RsaHostKey(RSA.Create(parameters));
    }

    public override byte[] Sign(string signatureAlgorithm, ReadOnlySpan<byte> data)
    {
        EnsureServes(signatureAlgorithm);
        var hash = signatureAlgorithm == SshPublicKey.RsaSha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        return SignatureBlob(signatureAlgorithm, _key.SignData(data, hash, RSASignaturePadding.Pkcs1));
    }

    internal override void WritePrivateFields(SshWriter writer)
    {
        var parameters = _key.ExportParameters(true);
        writer.MPIntUnsigned(parameters.Modulus).MPIntUnsigned(parameters.Exponent).MPIntUnsigned(parameters.D)
            .MPIntUnsigned(parameters.InverseQ).MPIntUnsigned(parameters.P).MPIntUnsigned(parameters.Q);
        CryptographicOperations.ZeroMemory(parameters.D);
        CryptographicOperations.ZeroMemory(parameters.P);
        CryptographicOperations.ZeroMemory(parameters.Q);
    }

    private static BigInteger Unsigned(ReadOnlySpan<byte> value) => new(value, isUnsigned: true, isBigEndian: true);

    private static byte[] PadLeft(BigInteger value, int width) =>
        SshSignatureEncoding.PadLeft(value.ToByteArray(isUnsigned: true, isBigEndian: true), width);
}
