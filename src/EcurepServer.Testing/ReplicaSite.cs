namespace EcurepServer.Testing;

/// <summary>
/// One site of a running replica: the ports its listeners took (0 for a disabled one), and the SHA-256 fingerprints
/// (AB:CD:...) of the certificates its FTPS listener serves.
/// </summary>
public sealed record ReplicaSite(string Name, int FtpsPort, int SftpPort, int LegacyPort, IReadOnlyList<string> FtpsCertificateFingerprints);
