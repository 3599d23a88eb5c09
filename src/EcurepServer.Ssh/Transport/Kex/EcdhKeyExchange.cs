using System.Security.Cryptography;
using EcurepServer.Ssh.Keys;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary><c>ecdh-sha2-nistp256/384/521</c> (RFC 5656) with .NET's ECDiffieHellman; the client's point is validated on import.</summary>
internal sealed class EcdhKeyExchange(EcdsaCurve curve) : KeyExchangeMethod
{
    public override HashAlgorithmName Hash => curve.Hash;

    public override KeyAgreement Respond(ReadOnlySpan<byte> clientMessageBody)
    {
        var reader = new SshReader(clientMessageBody);
        var clientPoint = reader.ReadBinary();
        reader.EnsureEnd();
        if (!curve.TryDecodePoint(clientPoint, out var q))
        {
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "the client's ECDH value is not an uncompressed point");
        }

        using var server = ECDiffieHellman.Create(curve.Curve);
        byte[] secret;
        try
        {
            using var client = ECDiffieHellman.Create(new ECParameters { Curve = curve.Curve, Q = q });
            using var clientKey = client.PublicKey;
            secret = server.DeriveRawSecretAgreement(clientKey);
        }
        catch (CryptographicException)
        {
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "the client's ECDH point is not on the curve");
        }

        var serverPoint = curve.EncodePoint(server.ExportParameters(false).Q);
        var encodedSecret = new SshWriter(secret.Length + 8).MPIntUnsigned(secret).WrittenSpan.ToArray();
        CryptographicOperations.ZeroMemory(secret);
        return new KeyAgreement(
            new SshWriter(clientPoint.Length + 4).Binary(clientPoint).WrittenSpan.ToArray(),
            new SshWriter(serverPoint.Length + 4).Binary(serverPoint).WrittenSpan.ToArray(),
            encodedSecret);
    }
}
