using EcurepServer.Ftp.Tests.Infrastructure;
using EcurepServer.Ftp.Tls;
using static EcurepServer.Ftp.Tests.Infrastructure.TlsBytes;

namespace EcurepServer.Ftp.Tests.Tls;

/// <summary>Which of an RSA and an ECDSA certificate a ClientHello gets (the real clients are in CertificateChoiceTests).</summary>
public sealed class TlsCredentialsTests
{
    private const ushort EcdsaAes128 = 0xC02B;
    private const ushort RsaAes256 = 0xC030;
    private const ushort EcdsaP256Sha256 = 0x0403;
    private const ushort RsaPssSha256 = 0x0804;

    private static readonly TlsCredentials Strict = TlsCredentials.Create([TestCertificate.Rsa, TestCertificate.Instance], requireSessionReuse: true)!;
    private static readonly TlsCredentials Relaxed = TlsCredentials.Create([TestCertificate.Instance, TestCertificate.Rsa], requireSessionReuse: false)!;

    [Fact]
    public void Ecdsa_goes_to_a_client_that_can_take_it_rsa_to_the_others()
    {
        Assert.Equal(CertificateKeyKind.Ecdsa, Choose(Strict, suites: [RsaAes256, EcdsaAes128]));
        Assert.Equal(CertificateKeyKind.Rsa, Choose(Strict, suites: [RsaAes256]));
        Assert.Equal(CertificateKeyKind.Rsa, Choose(Strict, suites: [RsaAes256, EcdsaAes128], schemes: [RsaPssSha256]));
        Assert.Equal(CertificateKeyKind.Rsa, Choose(Strict, suites: [RsaAes256, EcdsaAes128], groups: [24, 29]));
        Assert.Equal(CertificateKeyKind.Ecdsa, Choose(Strict, suites: [EcdsaAes128], schemes: [0x0503], groups: [23]));
    }

    [Fact]
    public void A_tls_1_3_client_is_judged_by_its_signature_schemes_where_tls_1_3_is_offered()
    {
        ushort[] tls13Only = [0x1301];

        Assert.Equal(CertificateKeyKind.Ecdsa, Choose(Relaxed, suites: tls13Only, schemes: [EcdsaP256Sha256, RsaPssSha256], versions: [0x0304]));
        Assert.Equal(CertificateKeyKind.Rsa, Choose(Relaxed, suites: tls13Only, schemes: [RsaPssSha256], versions: [0x0304]));
        Assert.Equal(CertificateKeyKind.Rsa, Choose(Strict, suites: tls13Only, schemes: [EcdsaP256Sha256], versions: [0x0304]));
    }

    [Fact]
    public void An_unreadable_client_hello_gets_rsa_and_a_single_certificate_serves_everyone()
    {
        var single = TlsCredentials.Create([TestCertificate.Instance], requireSessionReuse: true)!;

        Assert.Equal(CertificateKeyKind.Rsa, Strict.Choose(null).KeyKind);
        Assert.Equal(CertificateKeyKind.Rsa, Relaxed.Choose(null).KeyKind);
        Assert.Equal(CertificateKeyKind.Ecdsa, Choose(single, suites: [RsaAes256]));
    }

    [Fact]
    public void Two_certificates_of_one_kind_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TlsCredentials.Create([TestCertificate.Instance, TestCertificate.Instance], requireSessionReuse: true));
    }

    private static CertificateKeyKind Choose(TlsCredentials credentials, ushort[] suites, ushort[]? schemes = null, ushort[]? groups = null, ushort[]? versions = null)
    {
        var hello = ClientHello.Parse(ClientHelloMessage([], suites: suites, signatureSchemes: schemes, groups: groups, versions: versions)[4..]);
        return credentials.Choose(hello).KeyKind;
    }
}
