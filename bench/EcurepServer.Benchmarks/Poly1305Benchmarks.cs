using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EcurepServer.Benchmarks.Baseline;
using EcurepServer.Ssh.Transport.Ciphers;
using Org.BouncyCastle.Crypto.Parameters;

namespace EcurepServer.Benchmarks;

/// <summary>One Poly1305 tag over a message the size of a short and of a full SFTP WRITE packet.</summary>
public class Poly1305Benchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _tag = new byte[16];
    private readonly Org.BouncyCastle.Crypto.Macs.Poly1305 _bouncyCastle = new();
    private byte[] _message = [];

    [Params(1024, 32_820)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup() => _message = RandomNumberGenerator.GetBytes(Length);

    [Benchmark(Baseline = true)]
    public void Before() => ScalarPoly1305.Compute(_key, _message, _tag);

    [Benchmark]
    public void After() => Poly1305.Compute(_key, _message, _tag);

    [Benchmark]
    public void BouncyCastle()
    {
        _bouncyCastle.Init(new KeyParameter(_key));
        _bouncyCastle.BlockUpdate(_message);
        _bouncyCastle.DoFinal(_tag);
    }
}
