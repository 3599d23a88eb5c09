using System.Security.Cryptography;
using System.Text;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Keys;

/// <summary>OpenSSH's own private key format (<c>openssh-key-v1</c>, PEM-armoured), unencrypted, one key per file.</summary>
internal static class OpenSshPrivateKeyFile
{
    private const string Begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private const string End = "-----END OPENSSH PRIVATE KEY-----";
    private static readonly byte[] Magic = "openssh-key-v1\0"u8.ToArray();

    public static string Write(SshHostKey key, string comment)
    {
        var section = new SshWriter(4096);
        var check = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        section.UInt32(check).UInt32(check).Utf8(key.PublicKey.KeyType);
        key.WritePrivateFields(section);
        section.Utf8(comment);
        for (byte pad = 1; section.Length % 8 != 0; pad++)
        {
            section.Byte(pad);
        }

        var file = new SshWriter(4096)
            .Raw(Magic).Utf8("none").Utf8("none").Utf8(string.Empty).UInt32(1)
            .Binary(key.PublicKey.Blob.Span).Binary(section.WrittenSpan);
        var text = new StringBuilder().Append(Begin).Append('\n');
        var base64 = Convert.ToBase64String(file.WrittenSpan);
        for (var i = 0; i < base64.Length; i += 70)
        {
            text.Append(base64, i, Math.Min(70, base64.Length - i)).Append('\n');
        }

        return text.Append(End).Append('\n').ToString();
    }

    /// <exception cref="CryptographicException">The text is not an unencrypted openssh-key-v1 key of a supported type.</exception>
    public static SshHostKey Read(string text)
    {
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new CryptographicException("not an OpenSSH private key (no BEGIN/END OPENSSH PRIVATE KEY lines)");
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(text[(start + Begin.Length)..end]);
        }
        catch (FormatException)
        {
            throw new CryptographicException("the OpenSSH private key is not valid base64");
        }

        try
        {
            return Parse(data);
        }
        catch (SshProtocolException ex)
        {
            throw new CryptographicException("the OpenSSH private key is truncated or malformed: " + ex.Message);
        }
    }

    private static SshHostKey Parse(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(Magic))
        {
            throw new CryptographicException("not an openssh-key-v1 key");
        }

        var reader = new SshReader(data[Magic.Length..]);
        if (reader.ReadUtf8() != "none" || reader.ReadUtf8() != "none")
        {
            throw new CryptographicException("encrypted host keys are not supported");
        }

        reader.ReadBinary();
        if (reader.ReadUInt32() != 1)
        {
            throw new CryptographicException("a host key file must hold exactly one key");
        }

        var publicBlob = reader.ReadBinary();
        var section = new SshReader(reader.ReadBinary());
        if (section.ReadUInt32() != section.ReadUInt32())
        {
            throw new CryptographicException("the private key's check words differ");
        }

        var keyType = section.ReadUtf8();
        SshHostKey key = keyType switch
        {
            SshPublicKey.Ed25519 => ReadEd25519(ref section),
            SshPublicKey.Rsa => RsaHostKey.FromPrivate(
                section.ReadMPIntBytes(), section.ReadMPIntBytes(), section.ReadMPIntBytes(),
                section.ReadMPIntBytes(), section.ReadMPIntBytes(), section.ReadMPIntBytes()),
            _ => ReadEcdsa(ref section, keyType),
        };
        if (!key.PublicKey.Blob.Span.SequenceEqual(publicBlob))
        {
            throw new CryptographicException("the private key does not match the public key stored beside it");
        }

        return key;
    }

    private static Ed25519HostKey ReadEd25519(ref SshReader section)
    {
        section.ReadBinary();
        var secret = section.ReadBinary();
        if (secret.Length != 64)
        {
            throw new CryptographicException("an Ed25519 private key has 64 bytes");
        }

        return Ed25519HostKey.FromSeed(secret[..32]);
    }

    private static EcdsaHostKey ReadEcdsa(ref SshReader section, string keyType)
    {
        var curve = EcdsaCurve.FromKeyType(keyType) ?? throw new CryptographicException($"unsupported host key type {keyType}");
        if (section.ReadUtf8() != curve.Identifier)
        {
            throw new CryptographicException("the ECDSA key's curve does not match its type");
        }

        var point = section.ReadBinary();
        return EcdsaHostKey.FromPrivate(curve, point, section.ReadMPIntBytes());
    }
}
