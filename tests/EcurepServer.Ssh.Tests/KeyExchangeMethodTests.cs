using System.Security.Cryptography;
using EcurepServer.Ssh.Keys;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport.Kex;
using Org.BouncyCastle.Crypto.Agreement;

namespace EcurepServer.Ssh.Tests;

/// <summary>Client public values that would weaken or break the shared secret are refused.</summary>
public sealed class KeyExchangeMethodTests
{
    [Fact]
    public void An_x25519_low_order_point_giving_an_all_zero_secret_is_refused()
    {
        var ex = Assert.Throws<SshProtocolException>(() => new Curve25519KeyExchange().Respond(StringField(new byte[32])));
        Assert.Equal(SshDisconnectReason.KeyExchangeFailed, ex.Reason);
        Assert.Contains("all zero", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_off_the_curve_is_refused()
    {
        var point = new byte[65];
        point[0] = 4;
        point[32] = 1;
        point[64] = 1;
        var ex = Assert.Throws<SshProtocolException>(() => new EcdhKeyExchange(EcdsaCurve.P256).Respond(StringField(point)));
        Assert.Contains("not on the curve", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compressed_or_truncated_point_is_refused()
    {
        Assert.Throws<SshProtocolException>(() => new EcdhKeyExchange(EcdsaCurve.P256).Respond(StringField([2, .. new byte[32]])));
        Assert.Throws<SshProtocolException>(() => new EcdhKeyExchange(EcdsaCurve.P384).Respond(StringField(new byte[65])));
    }

    [Fact]
    public void Ecdh_agrees_with_a_dotnet_client()
    {
        using var client = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        var clientPoint = EcdsaCurve.P384.EncodePoint(client.ExportParameters(false).Q);
        var agreement = new EcdhKeyExchange(EcdsaCurve.P384).Respond(StringField(clientPoint));

        var reader = new SshReader(agreement.ServerValue);
        EcdsaCurve.P384.TryDecodePoint(reader.ReadBinary(), out var serverPoint);
        using var server = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP384, Q = serverPoint });
        Assert.Equal(new SshWriter().MPIntUnsigned(client.DeriveRawSecretAgreement(server.PublicKey)).WrittenSpan.ToArray(), agreement.SharedSecret);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("p-1")]
    [InlineData("p")]
    public void A_dh_value_outside_one_to_p_minus_one_is_refused(string value)
    {
        var p = DHStandardGroups.rfc3526_2048.P;
        var e = value switch
        {
            "1" => Org.BouncyCastle.Math.BigInteger.One,
            "p-1" => p.Subtract(Org.BouncyCastle.Math.BigInteger.One),
            _ => p,
        };
        var body = new SshWriter().MPIntUnsigned(e.ToByteArrayUnsigned()).WrittenSpan.ToArray();
        var ex = Assert.Throws<SshProtocolException>(() => DiffieHellmanGroupKeyExchange.Group14Sha256().Respond(body));
        Assert.Contains("outside (1, p-1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_after_the_client_value_are_refused() =>
        Assert.Throws<SshProtocolException>(() => new Curve25519KeyExchange().Respond([.. StringField(new byte[32]), 0]));

    private static byte[] StringField(byte[] value) => new SshWriter().Binary(value).WrittenSpan.ToArray();
}
