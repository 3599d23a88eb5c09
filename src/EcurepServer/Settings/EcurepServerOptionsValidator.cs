using EcurepServer.Connections;
using EcurepServer.Dialects;
using Microsoft.Extensions.Options;

namespace EcurepServer.Settings;

/// <summary>
/// Checks the whole configuration at start; every failure names the configuration key and the reason. The engines'
/// settings are checked by the engines' own rules; here only what the host adds (paths, sites, dialects, certificates,
/// the legacy plain port, one listener per port). Dialect files are read from the working directory the server runs
/// in (then from the shipped copies).
/// </summary>
public sealed class EcurepServerOptionsValidator(string workingDirectory) : IValidateOptions<EcurepServerOptions>
{
    private const string Root = EcurepServerOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EcurepServerOptions options)
    {
        var failures = new List<string>();
        RequirePath(failures, $"{Root}:DataDirectory", options.DataDirectory);
        RequirePath(failures, $"{Root}:AccountsFile", options.AccountsFile);
        RequirePath(failures, $"{Root}:CertificateDirectory", options.CertificateDirectory);
        RequirePath(failures, $"{Root}:DialectDirectory", options.DialectDirectory);
        RequireNotNegative(failures, $"{Root}:ShutdownGracePeriod", options.ShutdownGracePeriod);
        if (!string.IsNullOrWhiteSpace(options.ReadyFile)
            && Path.GetDirectoryName(Path.GetFullPath(options.ReadyFile, workingDirectory)) is { } readyDirectory
            && !Directory.Exists(readyDirectory))
        {
            failures.Add($"{Root}:ReadyFile: the directory {readyDirectory} does not exist.");
        }

        failures.AddRange(options.Management.Validate($"{Root}:Management"));
        if (options.Sites.Count == 0)
        {
            failures.Add($"{Root}:Sites: at least one site must be configured.");
        }

        var dialects = DialectCatalog.For(workingDirectory, options.DialectDirectory);
        foreach (var (siteName, site) in options.Sites)
        {
            ValidateSite(failures, siteName, site, dialects);
        }

        ValidateDistinctListeners(failures, options.Sites);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSite(List<string> failures, string siteName, SiteOptions site, DialectCatalog dialects)
    {
        var key = $"{Root}:Sites:{siteName}";
        if (string.IsNullOrWhiteSpace(siteName))
        {
            failures.Add($"{Root}:Sites: a site name must not be empty.");
        }

        for (var i = 0; i < site.HostNames.Count; i++)
        {
            if (Uri.CheckHostName(site.HostNames[i]) == UriHostNameType.Unknown)
            {
                failures.Add($"{key}:HostNames:{i}: '{site.HostNames[i]}' is not a host name or IP address.");
            }
        }

        // A disabled listener is not started, so its settings cannot stop the others. The legacy plain listener
        // runs on the FTPS settings, so they are checked when either is on.
        var ftp = site.Ftps.Enabled || site.LegacyPlain.Enabled;
        if (!ftp && !site.Ssh.Enabled)
        {
            return;
        }

        try
        {
            dialects.Get(site.Dialect ?? string.Empty);
        }
        catch (DialectLoadException exception)
        {
            failures.Add($"{key}:Dialect: {exception.Message}");
            return;
        }

        if (ftp)
        {
            ValidateFtps(failures, key, site);
        }

        var proxyProtocol = new OptionProblems($"{key}:ProxyProtocol");
        site.ProxyProtocol.Validate(proxyProtocol, string.Empty);
        failures.AddRange(proxyProtocol.Found);

        if (site.Ssh.Enabled)
        {
            failures.AddRange(site.Ssh.Validate($"{key}:Ssh"));
        }
    }

    private static void ValidateFtps(List<string> failures, string siteKey, SiteOptions site)
    {
        var key = $"{siteKey}:Ftps";
        var ftps = site.Ftps;
        failures.AddRange(ftps.Validate(key));
        ValidateCertificate(failures, $"{key}:Certificate", ftps.Certificate);
        ValidateCertificate(failures, $"{key}:SecondCertificate", ftps.SecondCertificate);
        if (ftps.SecondCertificate.IsConfigured && !ftps.Certificate.IsConfigured)
        {
            failures.Add($"{key}:SecondCertificate: needs {key}:Certificate as well (the generated certificates are chosen with {Root}:GenerateEcdsaCertificate).");
        }

        if (site.LegacyPlain.Enabled)
        {
            var port = site.LegacyPlain.Port;
            RequirePort(failures, $"{siteKey}:LegacyPlain:Port", port);
            if (port != 0 && port >= ftps.PassivePortMin && port <= ftps.PassivePortMax)
            {
                failures.Add($"{siteKey}:LegacyPlain:Port: {port} lies inside the passive port range {ftps.PassivePortMin}-{ftps.PassivePortMax}.");
            }
        }
    }

    private static void ValidateCertificate(List<string> failures, string key, CertificateOptions certificate)
    {
        if (certificate.UsesPem && certificate.UsesPfx)
        {
            failures.Add($"{key}: configure either PemCertificate and PemKey, or Pfx, not both.");
        }
        else if (certificate.UsesPem && string.IsNullOrWhiteSpace(certificate.PemCertificate))
        {
            failures.Add($"{key}:PemCertificate: required when {key}:PemKey is set.");
        }
        else if (certificate.UsesPem && string.IsNullOrWhiteSpace(certificate.PemKey))
        {
            failures.Add($"{key}:PemKey: required when {key}:PemCertificate is set.");
        }
    }

    /// <summary>Two listeners on the same address and fixed port would fail at bind; say so up front.</summary>
    private static void ValidateDistinctListeners(List<string> failures, Dictionary<string, SiteOptions> sites)
    {
        var owners = new Dictionary<(string Address, int Port), string>();
        foreach (var (siteName, site) in sites)
        {
            if (site.Ftps.Enabled)
            {
                Claim(failures, owners, site.Ftps.BindAddress?.ToString(), site.Ftps.Port, $"{Root}:Sites:{siteName}:Ftps:Port", siteName);
            }

            if (site.Ssh.Enabled)
            {
                Claim(failures, owners, site.Ssh.BindAddress?.ToString(), site.Ssh.Port, $"{Root}:Sites:{siteName}:Ssh:Port", siteName);
            }

            if (site.LegacyPlain.Enabled)
            {
                Claim(failures, owners, site.Ftps.BindAddress?.ToString(), site.LegacyPlain.Port, $"{Root}:Sites:{siteName}:LegacyPlain:Port", siteName);
            }
        }
    }

    private static void Claim(
        List<string> failures, Dictionary<(string Address, int Port), string> owners, string? address, int port, string key, string siteName)
    {
        if (port == 0 || address is null)
        {
            return;
        }

        if (owners.TryGetValue((address, port), out var owner))
        {
            failures.Add($"{key}: {port} is already used by site {owner}.");
        }
        else
        {
            owners[(address, port)] = siteName;
        }
    }

    private static void RequirePort(List<string> failures, string key, int port)
    {
        if (port is < 0 or > 65535)
        {
            failures.Add($"{key}: must be between 0 and 65535, 0 for an ephemeral port (was {port}).");
        }
    }

    private static void RequirePath(List<string> failures, string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key}: must not be empty.");
        }
    }

    private static void RequireNotNegative(List<string> failures, string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"{key}: must not be negative (was {value}).");
        }
    }
}
