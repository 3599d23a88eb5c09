using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Certificates;

/// <summary>A certificate with its private key in a form SslStream can use, its fingerprint, its key and where it came from.</summary>
public sealed record ServerCertificate(X509Certificate2 Certificate, string Fingerprint, string Source)
{
    /// <summary>"RSA 3072", "ECDSA P-256"; empty for any other key.</summary>
    public string Key { get; } = Describe(Certificate);

    public bool IsRsa => Key.StartsWith("RSA", StringComparison.Ordinal);

    public bool IsEcdsa => Key.StartsWith("ECDSA", StringComparison.Ordinal);

    private static string Describe(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        using var ecdsa = rsa is null ? certificate.GetECDsaPublicKey() : null;
        return rsa is not null ? $"RSA {rsa.KeySize}" : ecdsa is not null ? $"ECDSA P-{ecdsa.KeySize}" : string.Empty;
    }
}
