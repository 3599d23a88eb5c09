using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;
using EcurepServer.Ssh.Transport.Kex;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Pqc.Crypto.NtruPrime;
using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Tests;

/// <summary>
/// The hybrid post-quantum key exchanges: known answers for ML-KEM-768, agreement with a client doing the other half,
/// and refusals of client values that are malformed or would weaken the secret.
/// </summary>
public sealed class HybridKemKeyExchangeTests
{
    public static TheoryData<string> Methods => ["mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com"];

    /// <summary>
    /// FIPS 203 accumulated vectors (C2SP CCTV's scheme, final FIPS 203 as Go's crypto/mlkem checks it): seeds and
    /// messages from one SHAKE-128 stream, every ek, ct and K into another; 100 runs hash to the published value.
    /// Key generation and decapsulation are the client's (BouncyCastle here); encapsulation is the server's.
    /// </summary>
    [Fact]
    public void Mlkem768_encapsulation_passes_the_fips_203_accumulated_known_answers()
    {
        var stream = new ShakeDigest(128);
        var accumulated = new ShakeDigest(128);
        byte[] Draw(int count)
        {
            var bytes = new byte[count];
            stream.Output(bytes, 0, count);
            return bytes;
        }

        void Accumulate(byte[] bytes) => accumulated.BlockUpdate(bytes, 0, bytes.Length);

        for (var i = 0; i < 100; i++)
        {
            var decapsulationKey = MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, Draw(64));
            var encapsulationKey = decapsulationKey.GetPublicKeyEncoded();
            Accumulate(encapsulationKey);
            var ciphertext = new byte[MlKem768.Instance.CiphertextSize];
            var secret = MlKem768.Instance.Encapsulate(encapsulationKey, ciphertext, new FixedRandom(Draw(32)));
            Accumulate(ciphertext);
            Accumulate(secret);
            Assert.Equal(secret, Decapsulate(decapsulationKey, ciphertext));
            Accumulate(Decapsulate(decapsulationKey, Draw(ciphertext.Length)));
        }

        var digest = new byte[32];
        accumulated.OutputFinal(digest, 0, digest.Length);
        Assert.Equal("1114b1b6699ed191734fa339376afa7e285c9e6acf6ff0177d346696ce564415", Convert.ToHexStringLower(digest));
    }

    /// <summary>
    /// One mlkem768x25519-sha256 exchange with fixed keys and randomness. K was computed independently with OpenSSL 4.0's
    /// ML-KEM (Python cryptography 48) decapsulating this ciphertext, its X25519 and SHA-256. K's top bit is set, so
    /// K encoded as an mpint instead of a string would differ.
    /// </summary>
    [Fact]
    public void Mlkem768x25519_matches_a_vector_cross_checked_with_openssl()
    {
        var seed = Sequence(0x00, 64);
        var clientX25519 = Sequence(0x40, 32);
        var encapsulationRandom = Sequence(0x80, 32);
        var serverX25519 = Sequence(0xC0, 32);
        var clientValue = ClientValue(MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, seed).GetPublicKeyEncoded(), clientX25519);

        var agreement = new HybridKemKeyExchange(MlKem768.Instance, HashAlgorithmName.SHA256, new FixedRandom(encapsulationRandom, serverX25519))
            .Respond(StringField(clientValue));

        Assert.Equal(StringField(clientValue), agreement.ClientValue);
        var serverValue = new SshReader(agreement.ServerValue).ReadBinary().ToArray();
        Assert.Equal("2cec6d356529d5838ca93b3ec633073517de57c1f86e69149430b5d3b9fd164d", Convert.ToHexStringLower(SHA256.HashData(serverValue)));
        Assert.Equal(
            StringField(Convert.FromHexString("f15a8ee176bb07996e85bee5129a71b06f88138b134c6f7b554cadad39445c26")),
            agreement.SharedSecret);
    }

    [Theory]
    [InlineData("mlkem768x25519-sha256", 1088, 32)]
    [InlineData("sntrup761x25519-sha512", 1039, 64)]
    [InlineData("sntrup761x25519-sha512@openssh.com", 1039, 64)]
    public void The_server_agrees_with_a_client_that_decapsulates(string name, int ciphertextSize, int hashSize)
    {
        var client = HybridClient.Create(name);

        var agreement = KeyExchangeMethods.Create(name).Respond(StringField(client.Value));

        var serverValue = new SshReader(agreement.ServerValue).ReadBinary().ToArray();
        Assert.Equal(ciphertextSize + 32, serverValue.Length);
        Assert.Equal(4 + hashSize, agreement.SharedSecret.Length);
        Assert.Equal(StringField(client.SharedSecret(serverValue[..ciphertextSize], serverValue[ciphertextSize..], hashSize)), agreement.SharedSecret);
    }

    [Theory]
    [InlineData("mlkem768x25519-sha256", 1216)]
    [InlineData("sntrup761x25519-sha512@openssh.com", 1190)]
    public void A_client_value_of_the_wrong_length_is_refused_with_the_sizes(string name, int expected)
    {
        foreach (var length in new[] { 0, 32, expected - 1, expected + 1 })
        {
            var ex = Assert.Throws<SshProtocolException>(() => KeyExchangeMethods.Create(name).Respond(StringField(new byte[length])));
            Assert.Equal(SshDisconnectReason.KeyExchangeFailed, ex.Reason);
            Assert.Contains($"is {length} bytes, not {expected}", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_low_order_x25519_key_giving_an_all_zero_secret_is_refused(string name)
    {
        var client = HybridClient.Create(name);
        var value = client.Value.ToArray();
        value.AsSpan(value.Length - 32).Clear();

        var ex = Assert.Throws<SshProtocolException>(() => KeyExchangeMethods.Create(name).Respond(StringField(value)));

        Assert.Equal(SshDisconnectReason.KeyExchangeFailed, ex.Reason);
        Assert.Contains("all zero", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_mlkem_key_with_a_coefficient_not_reduced_modulo_q_is_refused()
    {
        var value = HybridClient.Create("mlkem768x25519-sha256").Value.ToArray();
        value[0] = 3329 & 0xFF;
        value[1] = (byte)((value[1] & 0xF0) | (3329 >> 8));

        var ex = Assert.Throws<SshProtocolException>(() => KeyExchangeMethods.Create("mlkem768x25519-sha256").Respond(StringField(value)));

        Assert.Equal(SshDisconnectReason.KeyExchangeFailed, ex.Reason);
        Assert.Contains("modulus check", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Trailing_bytes_after_the_client_value_are_refused(string name) =>
        Assert.Throws<SshProtocolException>(() => KeyExchangeMethods.Create(name).Respond([.. StringField(HybridClient.Create(name).Value), 0]));

    [Fact]
    public async Task A_client_sending_a_bare_x25519_key_for_sntrup761_is_disconnected_with_the_reason()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-2.0-Confused\r\n");
        await client.SendPacketAsync(new SshWriter().Byte(SshMessage.KexInit).Raw(new byte[16])
            .NameList(["sntrup761x25519-sha512@openssh.com"]).NameList(["ssh-ed25519"])
            .NameList(["aes128-ctr"]).NameList(["aes128-ctr"]).NameList(["hmac-sha2-256"]).NameList(["hmac-sha2-256"])
            .NameList(["none"]).NameList(["none"]).NameList([]).NameList([]).Boolean(false).UInt32(0).WrittenSpan.ToArray());
        await client.SendPacketAsync(new SshWriter().Byte(SshMessage.KexEcdhInit).Binary(RandomNumberGenerator.GetBytes(32)).WrittenSpan.ToArray());

        var (_, messages, reason) = await client.ReadUntilClosedAsync();

        Assert.Equal([SshMessage.KexInit, SshMessage.Disconnect], messages);
        Assert.Equal((uint)SshDisconnectReason.KeyExchangeFailed, reason);
        var outcome = Assert.IsType<SshProtocolException>(await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("sntrup761+X25519 value is 32 bytes, not 1190", outcome.Message, StringComparison.Ordinal);
    }

    private static byte[] Decapsulate(MLKemPrivateKeyParameters key, byte[] ciphertext)
    {
        var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
        decapsulator.Init(key);
        var secret = new byte[decapsulator.SecretLength];
        decapsulator.Decapsulate(ciphertext, 0, ciphertext.Length, secret, 0, secret.Length);
        return secret;
    }

    private static byte[] ClientValue(byte[] kemPublicKey, byte[] x25519PrivateKey)
    {
        var value = new byte[kemPublicKey.Length + X25519.PointSize];
        kemPublicKey.CopyTo(value, 0);
        X25519.GeneratePublicKey(x25519PrivateKey, 0, value, kemPublicKey.Length);
        return value;
    }

    private static byte[] Sequence(int first, int count) => [.. Enumerable.Range(first, count).Select(i => (byte)i)];

    private static byte[] StringField(byte[] value) => new SshWriter().Binary(value).WrittenSpan.ToArray();

    /// <summary>The client's half: a fresh KEM key pair and X25519 key; K from the server's ciphertext and X25519 key.</summary>
    private sealed class HybridClient(byte[] value, Func<byte[], byte[]> decapsulate, byte[] x25519PrivateKey)
    {
        public byte[] Value => value;

        public static HybridClient Create(string name)
        {
            var random = new SecureRandom();
            var x25519 = new byte[X25519.ScalarSize];
            X25519.GeneratePrivateKey(random, x25519);
            if (name.StartsWith("mlkem", StringComparison.Ordinal))
            {
                var key = MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, RandomNumberGenerator.GetBytes(64));
                return new HybridClient(ClientValue(key.GetPublicKeyEncoded(), x25519), ciphertext => Decapsulate(key, ciphertext), x25519);
            }

            var generator = new SNtruPrimeKeyPairGenerator();
            generator.Init(new SNtruPrimeKeyGenerationParameters(random, SNtruPrimeParameters.sntrup761));
            var pair = generator.GenerateKeyPair();
            var extractor = new SNtruPrimeKemExtractor((SNtruPrimePrivateKeyParameters)pair.Private);
            return new HybridClient(
                ClientValue(((SNtruPrimePublicKeyParameters)pair.Public).GetEncoded(), x25519), extractor.ExtractSecret, x25519);
        }

        public byte[] SharedSecret(byte[] ciphertext, byte[] serverX25519, int hashSize)
        {
            var ecdh = new byte[X25519.PointSize];
            Assert.True(X25519.CalculateAgreement(x25519PrivateKey, 0, serverX25519, 0, ecdh, 0));
            byte[] both = [.. decapsulate(ciphertext), .. ecdh];
            return hashSize == 32 ? SHA256.HashData(both) : SHA512.HashData(both);
        }
    }
}
