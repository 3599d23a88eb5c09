using Org.BouncyCastle.Pqc.Crypto.NtruPrime;
using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>
/// Streamlined NTRU Prime sntrup761 with BouncyCastle. Any 1158 bytes decode to a public key (as in OpenSSH and the
/// reference code), so there is nothing to validate beyond the length.
/// </summary>
internal sealed class Sntrup761 : PostQuantumKem
{
    public static Sntrup761 Instance { get; } = new();

    public override string Name => "sntrup761";

    public override int PublicKeySize => 1158;

    public override int CiphertextSize => 1039;

    public override byte[] Encapsulate(byte[] publicKey, Span<byte> ciphertext, SecureRandom random)
    {
        using var encapsulated = new SNtruPrimeKemGenerator(random)
            .GenerateEncapsulated(new SNtruPrimePublicKeyParameters(SNtruPrimeParameters.sntrup761, publicKey));
        encapsulated.GetEncapsulation().CopyTo(ciphertext);
        return encapsulated.GetSecret();
    }
}
