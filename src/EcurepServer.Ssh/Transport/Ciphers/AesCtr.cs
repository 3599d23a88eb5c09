using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>
/// AES in counter mode (RFC 4344), built on ECB encryption of counter blocks in batches since .NET has no CTR mode.
/// One reusable ECB transform: the one-shot EncryptEcb sets up a native context on every call.
/// </summary>
internal sealed class AesCtr : IDisposable
{
    private const int BatchBlocks = 256;
    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counter;
    private readonly byte[] _counterBlocks = new byte[BatchBlocks * 16];
    private readonly byte[] _keystream = new byte[BatchBlocks * 16];

    public AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        _counter = iv[..16].ToArray();
    }

    /// <summary>XORs the keystream into <paramref name="data"/>, whose length is a multiple of 16 (packets always are).</summary>
    public void Transform(Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            var chunk = Math.Min(data.Length, _keystream.Length);
            var blocks = chunk / 16;
            for (var i = 0; i < blocks; i++)
            {
                _counter.CopyTo(_counterBlocks, i * 16);
                Increment();
            }

            _ecb.TransformBlock(_counterBlocks, 0, blocks * 16, _keystream, 0);
            Xor(data[..chunk], _keystream.AsSpan(0, chunk));
            data = data[chunk..];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var vectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
        var keyVectors = MemoryMarshal.Cast<byte, Vector<byte>>(keystream);
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] ^= keyVectors[i];
        }

        for (var i = vectors.Length * Vector<byte>.Count; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    private void Increment()
    {
        for (var i = 15; i >= 0 && ++_counter[i] == 0; i--)
        {
        }
    }
}
