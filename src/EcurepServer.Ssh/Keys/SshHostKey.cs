namespace EcurepServer.Ssh.Keys;

/// <summary>A host's private key and the signature algorithms it can serve (an RSA key serves rsa-sha2-512 and rsa-sha2-256).</summary>
public abstract class SshHostKey
{
    public abstract SshPublicKey PublicKey { get; }

    public abstract IReadOnlyList<string> SignatureAlgorithms { get; }

    /// <summary>A signature blob (<c>string algorithm, string signature</c>) over <paramref name="data"/>.</summary>
    public abstract byte[] Sign(string signatureAlgorithm, ReadOnlySpan<byte> data);

    /// <summary>The key-specific fields of the private section of an <c>openssh-key-v1</c> file.</summary>
    internal abstract void WritePrivateFields(Protocol.SshWriter writer);

    private protected static byte[] SignatureBlob(string algorithm, ReadOnlySpan<byte> signature) =>
        new Protocol.SshWriter(signature.Length + algorithm.Length + 16).Utf8(algorithm).Binary(signature).WrittenSpan.ToArray();

    private protected void EnsureServes(string signatureAlgorithm)
    {
        if (!SignatureAlgorithms.Contains(signatureAlgorithm))
        {
            throw new ArgumentException($"a {PublicKey.KeyType} key cannot sign {signatureAlgorithm}", nameof(signatureAlgorithm));
        }
    }
}
