using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary><c>curve25519-sha256</c> (RFC 8731), with BouncyCastle's X25519.</summary>
internal sealed class Curve25519KeyExchange : KeyExchangeMethod
{
    public override HashAlgorithmName Hash => HashAlgorithmName.SHA256;

    public override KeyAgreement Respond(ReadOnlySpan<byte> clientMessageBody)
    {
        var reader = new SshReader(clientMessageBody);
        var clientPublic = reader.ReadBinary();
        reader.EnsureEnd();
        if (clientPublic.Length != X25519.PointSize)
        {
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "the client's X25519 public key is not 32 bytes");
        }

        var privateKey = new byte[X25519.ScalarSize];
        var serverPublic = new byte[X25519.PointSize];
        var secret = new byte[X25519.PointSize];
        X25519.GeneratePrivateKey(new SecureRandom(), privateKey);
        X25519.GeneratePublicKey(privateKey, 0, serverPublic, 0);
        var agreed = X25519.CalculateAgreement(privateKey, 0, clientPublic.ToArray(), 0, secret, 0);
        CryptographicOperations.ZeroMemory(privateKey);
        if (!agreed)
        {
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "the X25519 shared secret is all zero (low-order client key)");
        }

        var encodedSecret = new SshWriter(40).MPIntUnsigned(secret).WrittenSpan.ToArray();
        CryptographicOperations.ZeroMemory(secret);
        return new KeyAgreement(
            new SshWriter(40).Binary(clientPublic).WrittenSpan.ToArray(),
            new SshWriter(40).Binary(serverPublic).WrittenSpan.ToArray(),
            encodedSecret);
    }
}
