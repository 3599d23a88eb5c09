using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>The server's side of a post-quantum KEM in a hybrid key exchange: it encapsulates to the client's public key.</summary>
internal abstract class PostQuantumKem
{
    /// <summary>The KEM's name in refusals, e.g. <c>sntrup761</c>.</summary>
    public abstract string Name { get; }

    public abstract int PublicKeySize { get; }

    public abstract int CiphertextSize { get; }

    /// <summary>
    /// Writes the ciphertext for <paramref name="publicKey"/> (<see cref="PublicKeySize"/> bytes) into
    /// <paramref name="ciphertext"/> (<see cref="CiphertextSize"/> bytes) and returns the 32-byte shared secret.
    /// Throws <see cref="Protocol.SshProtocolException"/> when the public key is invalid.
    /// </summary>
    public abstract byte[] Encapsulate(byte[] publicKey, Span<byte> ciphertext, SecureRandom random);
}
