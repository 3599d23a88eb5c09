using EcurepServer.Certificates;
using EcurepServer.Hosting.Ssh;
using EcurepServer.Settings;

namespace EcurepServer.Hosting.Readiness;

/// <summary>The running server's ports and fingerprints, as the ready file, the management API and EcurepServer.Testing report them.</summary>
public sealed class ServerFacts(
    EcurepServerOptions options,
    SiteListeners listeners,
    FtpsCertificateProvider certificates,
    SshHostKeyProvider hostKeys)
{
    /// <summary>Set by the management endpoint once it listens, so the ready file can name it.</summary>
    public string? ManagementUrl { get; set; }

    public ReadyDocument Describe()
    {
        var all = listeners.All;
        var sites = new Dictionary<string, ReadySite>(StringComparer.Ordinal);
        foreach (var (name, site) in options.Sites)
        {
            var mine = all.Where(listener => listener.Site == name).ToDictionary(listener => listener.Protocol, StringComparer.Ordinal);
            var ftps = mine.GetValueOrDefault(FtpsSiteService.Protocol)?.EndPoint;
            var legacy = mine.GetValueOrDefault(FtpsSiteService.LegacyProtocol)?.EndPoint;
            var sftp = mine.GetValueOrDefault(Ssh.DropBoxSshAuthenticator.Protocol)?.EndPoint;
            IReadOnlyList<ReadyCertificate> served = site.Ftps.Enabled || site.LegacyPlain.Enabled
                ? [.. certificates.ForSite(name).Select(certificate => new ReadyCertificate(certificate.Fingerprint, certificate.Key))]
                : [];
            sites[name] = new ReadySite(
                ftps?.Address.ToString(), ftps?.Port,
                sftp?.Address.ToString(), sftp?.Port,
                legacy?.Address.ToString(), legacy?.Port,
                site.Ftps.PassivePortMin, site.Ftps.PassivePortMax,
                served);
        }

        IReadOnlyList<ReadyHostKey> keys = options.Sites.Values.Any(site => site.Ssh.Enabled)
            ? [.. hostKeys.Keys.Select(key => new ReadyHostKey(key.PublicKey.KeyType, key.PublicKey.Fingerprint))]
            : [];
        return new ReadyDocument(Environment.ProcessId, sites, keys, ManagementUrl);
    }
}
