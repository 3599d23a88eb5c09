using System.Security.Cryptography;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>
/// RFC 4253 section 7.2: HASH(K || H || letter || session_id), extended by HASH(K || H || K1 || ...) when more is
/// needed; K as the method encodes it (<see cref="KeyAgreement.SharedSecret"/>).
/// </summary>
internal static class KeyDerivation
{
    public static byte[] Derive(HashAlgorithmName hash, ReadOnlySpan<byte> encodedSecret, ReadOnlySpan<byte> exchangeHash, char letter, ReadOnlySpan<byte> sessionId, int length)
    {
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
