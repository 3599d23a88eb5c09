using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcurepServer.Hosting.Readiness;

/// <summary>
/// What the ready file says once every enabled listener accepts: the process, each site's actual ports (also those
/// configured as 0) and what clients pin (certificate and host key fingerprints). Written as camel-case JSON.
/// </summary>
public sealed record ReadyDocument(
    int Pid,
    IReadOnlyDictionary<string, ReadySite> Sites,
    IReadOnlyList<ReadyHostKey> SshHostKeys,
    string? ManagementUrl);

/// <summary>One site: a port is null when its listener is disabled; 0/0 as passive range means OS-chosen passive ports.</summary>
public sealed record ReadySite(
    string? FtpsAddress,
    int? FtpsPort,
    string? SftpAddress,
    int? SftpPort,
    string? LegacyAddress,
    int? LegacyPort,
    int PassivePortMin,
    int PassivePortMax,
    IReadOnlyList<ReadyCertificate> FtpsCertificates);

/// <summary>A certificate the site's FTPS listener serves: its SHA-256 fingerprint (AB:CD:...) and key ("RSA 3072").</summary>
public sealed record ReadyCertificate(string Sha256, string Key);

/// <summary>An SSH host key as OpenSSH clients show it: type and "SHA256:..." fingerprint.</summary>
public sealed record ReadyHostKey(string Type, string Sha256);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ReadyDocument))]
internal sealed partial class ReadyJsonContext : JsonSerializerContext;
