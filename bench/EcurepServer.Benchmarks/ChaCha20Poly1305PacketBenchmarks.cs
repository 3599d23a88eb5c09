using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EcurepServer.Benchmarks.Baseline;
using EcurepServer.Ssh.Transport.Ciphers;

namespace EcurepServer.Benchmarks;

/// <summary>
/// Opening one received chacha20-poly1305@openssh.com packet (tag check and decryption in place) the size of an
/// SFTP WRITE of 32 KiB; each operation first copies the sealed packet into the work buffer (the same in each row).
/// </summary>
public class ChaCha20Poly1305PacketBenchmarks
{
    private const uint Sequence = 7;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(64);
    private readonly byte[] _tag = new byte[16];
    private byte[] _sealed = [];
    private byte[] _work = [];
    private BaselineChaCha20Poly1305PacketCipher _before = null!;
    private ChaCha20Poly1305PacketCipher _after = null!;

    [Params(32_820)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _before = new BaselineChaCha20Poly1305PacketCipher(_key);
        _after = new ChaCha20Poly1305PacketCipher(_key);
        _sealed = RandomNumberGenerator.GetBytes(Length);
        _work = new byte[Length];
        _after.Seal(Sequence, _sealed, _tag);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _before.Dispose();
        _after.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool Before()
    {
        _sealed.CopyTo(_work, 0);
        return _before.Open(Sequence, _work, _tag) ? true : throw new InvalidOperationException("tag");
    }

    [Benchmark]
    public bool After()
    {
        _sealed.CopyTo(_work, 0);
        return _after.Open(Sequence, _work, _tag) ? true : throw new InvalidOperationException("tag");
    }
}
