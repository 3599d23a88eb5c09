using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Certificates;

/// <summary>Creates the self-signed server certificates used when none is configured.</summary>
public static class SelfSignedCertificate
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(730);

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Returns the certificate and private key as PEM text.</summary>
    public static (string CertificatePem, string KeyPem) Create(IEnumerable<string> hostNames, DateTimeOffset now, GeneratedKey key = GeneratedKey.Rsa3072)
    {
        using AsymmetricAlgorithm algorithm = key == GeneratedKey.Rsa3072 ? RSA.Create(3072) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = algorithm is RSA rsa
            ? new CertificateRequest("CN=EcurepServer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=EcurepServer", (ECDsa)algorithm, HashAlgorithmName.SHA256);

        // Old RSA clients look for keyEncipherment as well; ECDHE suites only need digitalSignature.
        var usage = algorithm is RSA ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature;
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(SubjectAlternativeNames(hostNames));

        // Backdated a little so a client whose clock is slightly behind still accepts it.
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);
        return (certificate.ExportCertificatePem(), algorithm.ExportPkcs8PrivateKeyPem());
    }

    private static X509Extension SubjectAlternativeNames(IEnumerable<string> hostNames)
    {
        var builder = new SubjectAlternativeNameBuilder();
        var names = new[] { "localhost", "127.0.0.1", "::1" }.Concat(hostNames).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name);
            }
        }

        return builder.Build();
    }
}
