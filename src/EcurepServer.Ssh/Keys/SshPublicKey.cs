namespace EcurepServer.Ssh.Keys;

/// <summary>A public key in SSH wire form (RFC 4253 section 6.6): parse, compare, fingerprint, verify signatures.</summary>
public sealed class SshPublicKey
{
    private SshPublicKey(string keyType, byte[] blob)
    {
        KeyType = keyType;
        Blob = blob;
    }

    /// <summary>The key format name: <c>ssh-ed25519</c>, <c>ecdsa-sha2-nistp256</c>, <c>ssh-rsa</c>, ...</summary>
    public string KeyType { get; }

    public ReadOnlyMemory<byte> Blob { get; }

    /// <summary>OpenSSH's form: <c>SHA256:</c> and the unpadded base64 of the blob's SHA-256.</summary>
    public string Fingerprint => throw new NotImplementedException();

    public static bool TryParse(ReadOnlySpan<byte> blob, out SshPublicKey? key) => throw new NotImplementedException();

    /// <summary>Parses one <c>authorized_keys</c> line (<c>type base64 [comment]</c>; options are not supported).</summary>
    public static bool TryParseOpenSsh(string line, out SshPublicKey? key) => throw new NotImplementedException();

    /// <summary>The <c>type base64</c> form of authorized_keys and known_hosts.</summary>
    public string ToOpenSsh() => throw new NotImplementedException();

    /// <summary>Checks a signature blob (<c>string algorithm, string signature</c>) made with <paramref name="signatureAlgorithm"/>.</summary>
    public bool Verify(string signatureAlgorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob) =>
        throw new NotImplementedException();
}
