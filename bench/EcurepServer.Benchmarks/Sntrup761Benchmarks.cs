using BenchmarkDotNet.Attributes;
using EcurepServer.Ssh.Transport.Kex;
using Org.BouncyCastle.Pqc.Crypto.NtruPrime;
using Org.BouncyCastle.Security;

namespace EcurepServer.Benchmarks;

/// <summary>The server's half of an sntrup761 key exchange: one encapsulation to a client's public key.</summary>
public class Sntrup761Benchmarks
{
    private readonly SecureRandom _random = new();
    private readonly byte[] _ciphertext = new byte[Sntrup761.Instance.CiphertextSize];
    private byte[] _publicKey = [];

    [GlobalSetup]
    public void Setup()
    {
        var generator = new SNtruPrimeKeyPairGenerator();
        generator.Init(new SNtruPrimeKeyGenerationParameters(_random, SNtruPrimeParameters.sntrup761));
        _publicKey = ((SNtruPrimePublicKeyParameters)generator.GenerateKeyPair().Public).GetEncoded();
    }

    [Benchmark(Baseline = true)]
    public byte[] BouncyCastle()
    {
        using var encapsulated = new SNtruPrimeKemGenerator(_random)
            .GenerateEncapsulated(new SNtruPrimePublicKeyParameters(SNtruPrimeParameters.sntrup761, _publicKey));
        return encapsulated.GetSecret();
    }

    [Benchmark]
    public byte[] Ours() => Sntrup761.Instance.Encapsulate(_publicKey, _ciphertext, _random);
}
