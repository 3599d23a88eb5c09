using EcurepServer.Ssh.Protocol;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Keys;

/// <summary>An Ed25519 host key (RFC 8709), signed with BouncyCastle.</summary>
public sealed class Ed25519HostKey : SshHostKey
{
    private readonly byte[] _seed;
    private readonly byte[] _publicKey;

    private Ed25519HostKey(byte[] seed)
    {
        _seed = seed;
        _publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(seed, 0, _publicKey, 0);
        PublicKey = SshPublicKey.FromTrustedBlob(new SshWriter(64).Utf8(SshPublicKey.Ed25519).Binary(_publicKey).WrittenSpan.ToArray());
    }

    public override SshPublicKey PublicKey { get; }

    public override IReadOnlyList<string> SignatureAlgorithms { get; } = [SshPublicKey.Ed25519];

    public static Ed25519HostKey Generate()
    {
        var seed = new byte[Ed25519.SecretKeySize];
        Ed25519.GeneratePrivateKey(new SecureRandom(), seed);
        return new Ed25519HostKey(seed);
    }

    /// <summary>From the 32-byte private seed.</summary>
    public static Ed25519HostKey FromSeed(ReadOnlySpan<byte> seed) => seed.Length == Ed25519.SecretKeySize
        ? new Ed25519HostKey(seed.ToArray())
        : throw new ArgumentException("an Ed25519 seed has 32 bytes", nameof(seed));

    public override byte[] Sign(string signatureAlgorithm, ReadOnlySpan<byte> data)
    {
        EnsureServes(signatureAlgorithm);
        var message = data.ToArray();
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_seed, 0, message, 0, message.Length, signature, 0);
        return SignatureBlob(signatureAlgorithm, signature);
    }

    internal override void WritePrivateFields(SshWriter writer)
    {
        writer.Binary(_publicKey);
        writer.UInt32(64).Raw(_seed).Raw(_publicKey);
    }
}
