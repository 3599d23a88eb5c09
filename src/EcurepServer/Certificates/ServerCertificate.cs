using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Certificates;

/// <summary>A certificate with its private key in a form SslStream can use, its fingerprint, and where it came from.</summary>
public sealed record ServerCertificate(X509Certificate2 Certificate, string Fingerprint, string Source);
