using System.Security.Cryptography;

namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>The cipher and MAC names the server implements, their key sizes, and how to build a <see cref="PacketCipher"/>.</summary>
internal static class CipherAlgorithms
{
    private static readonly Dictionary<string, (int KeySize, int IvSize, bool Aead)> Ciphers = new(StringComparer.Ordinal)
    {
        ["aes128-gcm@openssh.com"] = (16, 12, true),
        ["aes256-gcm@openssh.com"] = (32, 12, true),
        ["chacha20-poly1305@openssh.com"] = (64, 0, true),
        ["aes128-ctr"] = (16, 16, false),
        ["aes192-ctr"] = (24, 16, false),
        ["aes256-ctr"] = (32, 16, false),
    };

    private static readonly Dictionary<string, (HashAlgorithmName Hash, int KeySize, bool EncryptThenMac)> Macs = new(StringComparer.Ordinal)
    {
        ["hmac-sha2-256-etm@openssh.com"] = (HashAlgorithmName.SHA256, 32, true),
        ["hmac-sha2-512-etm@openssh.com"] = (HashAlgorithmName.SHA512, 64, true),
        ["hmac-sha2-256"] = (HashAlgorithmName.SHA256, 32, false),
        ["hmac-sha2-512"] = (HashAlgorithmName.SHA512, 64, false),
    };

    public static bool IsCipher(string name) => Ciphers.ContainsKey(name);

    public static bool IsMac(string name) => Macs.ContainsKey(name);

    /// <summary>AEAD ciphers bring their own integrity; the MAC list is not consulted for them.</summary>
    public static bool IsAead(string cipher) => Ciphers[cipher].Aead;

    public static int KeySize(string cipher) => Ciphers[cipher].KeySize;

    public static int IvSize(string cipher) => Ciphers[cipher].IvSize;

    public static int MacKeySize(string? mac) => mac is null ? 0 : Macs[mac].KeySize;

    public static PacketCipher Create(string cipher, string? mac, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> macKey)
    {
        if (cipher.StartsWith("aes", StringComparison.Ordinal) && cipher.EndsWith("-gcm@openssh.com", StringComparison.Ordinal))
        {
            return new AesGcmPacketCipher(key, iv);
        }

        if (cipher == "chacha20-poly1305@openssh.com")
        {
            return new ChaCha20Poly1305PacketCipher(key);
        }

        var (hash, _, encryptThenMac) = Macs[mac ?? throw new ArgumentNullException(nameof(mac))];
        return new AesCtrHmacPacketCipher(key, iv, hash, macKey, encryptThenMac);
    }
}
