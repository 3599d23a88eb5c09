namespace EcurepServer.Ssh.Keys;

/// <summary>A host's private key and the signature algorithms it can serve (an RSA key serves rsa-sha2-512 and rsa-sha2-256).</summary>
public abstract class SshHostKey
{
    public abstract SshPublicKey PublicKey { get; }

    public abstract IReadOnlyList<string> SignatureAlgorithms { get; }

    /// <summary>A signature blob (<c>string algorithm, string signature</c>) over <paramref name="data"/>.</summary>
    public abstract byte[] Sign(string signatureAlgorithm, ReadOnlySpan<byte> data);
}
