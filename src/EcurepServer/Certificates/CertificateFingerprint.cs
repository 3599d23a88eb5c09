using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Certificates;

public static class CertificateFingerprint
{
    /// <summary>The SHA-256 of the DER certificate as colon-separated upper-case hex, as browsers and openssl show it.</summary>
    public static string Sha256(X509Certificate2 certificate) =>
        string.Join(':', SHA256.HashData(certificate.RawData).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
