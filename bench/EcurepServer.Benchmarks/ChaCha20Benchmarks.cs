using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EcurepServer.Ssh.Transport.Ciphers;

namespace EcurepServer.Benchmarks;

/// <summary>
/// The keystream XORed into a packet body in place: ours against .NET's RFC 8439 AEAD (OpenSSL), which the packet
/// cipher used before and which also runs Poly1305 over the body for a tag that was thrown away.
/// </summary>
public class ChaCha20Benchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _nonce = new byte[8];
    private readonly byte[] _rfcNonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private byte[] _data = [];
    private ChaCha20 _ours = null!;
    private System.Security.Cryptography.ChaCha20Poly1305 _baseLibrary = null!;

    [Params(32_816)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = RandomNumberGenerator.GetBytes(Length);
        _ours = new ChaCha20(_key);
        _baseLibrary = new System.Security.Cryptography.ChaCha20Poly1305(_key);
    }

    [GlobalCleanup]
    public void Cleanup() => _baseLibrary.Dispose();

    [Benchmark(Baseline = true)]
    public void BaseLibraryAead() => _baseLibrary.Encrypt(_rfcNonce, _data, _data, _tag);

    [Benchmark]
    public void Ours() => _ours.Xor(_nonce, 1, _data);
}
