using EcurepServer.Ssh.Protocol;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>ML-KEM-768 (FIPS 203) with BouncyCastle; the client's encapsulation key must pass FIPS 203's modulus check.</summary>
internal sealed class MlKem768 : PostQuantumKem
{
    public static MlKem768 Instance { get; } = new();

    public override string Name => "ML-KEM-768";

    public override int PublicKeySize => 1184;

    public override int CiphertextSize => 1088;

    public override byte[] Encapsulate(byte[] publicKey, Span<byte> ciphertext, SecureRandom random)
    {
        MLKemPublicKeyParameters key;
        try
        {
            key = MLKemPublicKeyParameters.FromEncoding(MLKemParameters.ml_kem_768, publicKey);
        }
        catch (ArgumentException)
        {
            throw new SshProtocolException(
                SshDisconnectReason.KeyExchangeFailed, "the client's ML-KEM-768 public key fails the FIPS 203 modulus check");
        }

        var encapsulator = new MLKemEncapsulator(MLKemParameters.ml_kem_768);
        encapsulator.Init(new ParametersWithRandom(key, random));
        var secret = new byte[encapsulator.SecretLength];
        encapsulator.Encapsulate(ciphertext, secret);
        return secret;
    }
}
