using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>
/// A post-quantum KEM hybridised with X25519: <c>sntrup761x25519-sha512</c> (draft-josefsson-ntruprime-ssh, also
/// under @openssh.com) and <c>mlkem768x25519-sha256</c> (draft-ietf-sshm-mlkem-hybrid-kex). The client sends its KEM
/// public key followed by its X25519 key in one string, the server answers the KEM ciphertext followed by its X25519
/// key, and K = HASH(KEM secret || X25519 secret) enters the exchange hash and key derivation as a string.
/// </summary>
internal sealed class HybridKemKeyExchange(PostQuantumKem kem, HashAlgorithmName hash, SecureRandom? random = null) : KeyExchangeMethod
{
    public static HybridKemKeyExchange Sntrup761X25519Sha512() => new(Sntrup761.Instance, HashAlgorithmName.SHA512);

    public static HybridKemKeyExchange MlKem768X25519Sha256() => new(MlKem768.Instance, HashAlgorithmName.SHA256);

    public override HashAlgorithmName Hash => hash;

    public override KeyAgreement Respond(ReadOnlySpan<byte> clientMessageBody)
    {
        var reader = new SshReader(clientMessageBody);
        var clientValue = reader.ReadBinary();
        reader.EnsureEnd();
        var expected = kem.PublicKeySize + X25519.PointSize;
        if (clientValue.Length != expected)
        {
            throw new SshProtocolException(
                SshDisconnectReason.KeyExchangeFailed,
                $"the client's {kem.Name}+X25519 value is {clientValue.Length} bytes, not {expected} ({kem.PublicKeySize} + {X25519.PointSize})");
        }

        random ??= new SecureRandom();
        var serverValue = new byte[kem.CiphertextSize + X25519.PointSize];
        var kemSecret = kem.Encapsulate(clientValue[..kem.PublicKeySize].ToArray(), serverValue.AsSpan(0, kem.CiphertextSize), random);

        var privateKey = new byte[X25519.ScalarSize];
        X25519.GeneratePrivateKey(random, privateKey);
        X25519.GeneratePublicKey(privateKey, 0, serverValue, kem.CiphertextSize);
        var secrets = new byte[kemSecret.Length + X25519.PointSize];
        kemSecret.CopyTo(secrets, 0);
        CryptographicOperations.ZeroMemory(kemSecret);
        var agreed = X25519.CalculateAgreement(privateKey, 0, clientValue[kem.PublicKeySize..].ToArray(), 0, secrets, kemSecret.Length);
        CryptographicOperations.ZeroMemory(privateKey);
        if (!agreed)
        {
            CryptographicOperations.ZeroMemory(secrets);
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "the X25519 shared secret is all zero (low-order client key)");
        }

        var sharedSecret = CryptographicOperations.HashData(hash, secrets);
        CryptographicOperations.ZeroMemory(secrets);
        try
        {
            return new KeyAgreement(
                new SshWriter(expected + 4).Binary(clientValue).WrittenSpan.ToArray(),
                new SshWriter(serverValue.Length + 4).Binary(serverValue).WrittenSpan.ToArray(),
                new SshWriter(sharedSecret.Length + 4).Binary(sharedSecret).WrittenSpan.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }
}
