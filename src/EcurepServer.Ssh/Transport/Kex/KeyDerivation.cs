using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>RFC 4253 section 7.2: HASH(K || H || letter || session_id), extended by HASH(K || H || K1 || ...) when more is needed.</summary>
internal static class KeyDerivation
{
    public static byte[] Derive(HashAlgorithmName hash, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> exchangeHash, char letter, ReadOnlySpan<byte> sessionId, int length)
    {
        var encodedSecret = new SshWriter(sharedSecret.Length + 8).MPIntUnsigned(sharedSecret).WrittenSpan.ToArray();
        var key = new byte[length];
        using var digest = IncrementalHash.CreateHash(hash);
        digest.AppendData(encodedSecret);
        digest.AppendData(exchangeHash);
        digest.AppendData([(byte)letter]);
        digest.AppendData(sessionId);
        var block = digest.GetHashAndReset();
        var written = 0;
        while (true)
        {
            var count = Math.Min(block.Length, length - written);
            block.AsSpan(0, count).CopyTo(key.AsSpan(written));
            written += count;
            if (written == length)
            {
                return key;
            }

            digest.AppendData(encodedSecret);
            digest.AppendData(exchangeHash);
            digest.AppendData(key.AsSpan(0, written));
            block = digest.GetHashAndReset();
        }
    }
}
