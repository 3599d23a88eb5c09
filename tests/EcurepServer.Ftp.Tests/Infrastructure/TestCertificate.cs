using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>Self-signed server certificates made once per test run: ECDSA P-256 (the tests' default) and RSA 2048.</summary>
internal static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> SharedEcdsa = new(() => Create(ECDsa.Create(ECCurve.NamedCurves.nistP256)));
    private static readonly Lazy<X509Certificate2> SharedRsa = new(() => Create(RSA.Create(2048)));

    public static X509Certificate2 Instance => SharedEcdsa.Value;

    public static X509Certificate2 Rsa => SharedRsa.Value;

    private static X509Certificate2 Create(AsymmetricAlgorithm key)
    {
        using (key)
        {
            var request = key is RSA rsa
                ? new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest("CN=localhost", (ECDsa)key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            var now = DateTimeOffset.UtcNow;
            using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
