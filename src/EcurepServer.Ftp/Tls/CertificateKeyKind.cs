namespace EcurepServer.Ftp.Tls;

/// <summary>The kind of key a server certificate has, which decides the TLS 1.2 suites that can present it.</summary>
internal enum CertificateKeyKind
{
    Rsa,
    Ecdsa,
    Other,
}
