using System.Net;
using System.Net.Sockets;
using System.Text;
using EcurepServer.Ssh;
using Microsoft.Extensions.Options;

namespace EcurepServer.Settings;

/// <summary>Checks the whole configuration at start; every failure names the configuration key and the reason.</summary>
public sealed class EcurepServerOptionsValidator : IValidateOptions<EcurepServerOptions>
{
    /// <summary>FTP clients buffer the greeting; more than this is refused rather than risk a client giving up.</summary>
    public const int MaxBannerBytes = 2048;

    private const string Root = EcurepServerOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EcurepServerOptions options)
    {
        var failures = new List<string>();
        RequirePath(failures, $"{Root}:DataDirectory", options.DataDirectory);
        RequirePath(failures, $"{Root}:AccountsFile", options.AccountsFile);
        RequirePath(failures, $"{Root}:CertificateDirectory", options.CertificateDirectory);
        RequireNotNegative(failures, $"{Root}:ShutdownGracePeriod", options.ShutdownGracePeriod);
        if (options.Sites.Count == 0)
        {
            failures.Add($"{Root}:Sites: at least one site must be configured.");
        }

        foreach (var (siteName, site) in options.Sites)
        {
            ValidateSite(failures, siteName, site);
        }

        ValidateDistinctListeners(failures, options.Sites);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSite(List<string> failures, string siteName, SiteOptions site)
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

        // A disabled listener is not started, so its settings cannot stop the others.
        if (site.Ftps.Enabled)
        {
            ValidateFtps(failures, siteName, $"{key}:Ftps", site.Ftps);
        }

        if (site.Sftp.Enabled)
        {
            ValidateSftp(failures, $"{key}:Sftp", site.Sftp);
        }
    }

    private static void ValidateSftp(List<string> failures, string key, SftpListenerOptions sftp)
    {
        if (!IPAddress.TryParse(sftp.BindAddress, out _))
        {
            failures.Add($"{key}:BindAddress: '{sftp.BindAddress}' is not an IP address (use '::' or '0.0.0.0' for all interfaces).");
        }

        RequirePort(failures, $"{key}:Port", sftp.Port);
        RequirePositive(failures, $"{key}:IdleTimeout", sftp.IdleTimeout);
        RequirePositive(failures, $"{key}:LoginGraceTime", sftp.LoginGraceTime);
        RequirePositive(failures, $"{key}:RekeyAfterTime", sftp.RekeyAfterTime);
        RequireAtLeast(failures, $"{key}:MaxAuthFailures", sftp.MaxAuthFailures, 1);
        RequireAtLeast(failures, $"{key}:MaxSessionsPerAddress", sftp.MaxSessionsPerAddress, 1);
        RequireAtLeast(failures, $"{key}:MaxChannelsPerSession", sftp.MaxChannelsPerSession, 1);
        if (sftp.RekeyAfterBytes < 1024 * 1024)
        {
            failures.Add($"{key}:RekeyAfterBytes: must be at least 1 MiB (was {sftp.RekeyAfterBytes}).");
        }

        ValidateLines(failures, $"{key}:Banner", sftp.Banner);
        RequireKnown(failures, $"{key}:KexAlgorithms", sftp.KexAlgorithms, SshServerOptions.DefaultKexAlgorithms);
        RequireKnown(failures, $"{key}:HostKeyAlgorithms", sftp.HostKeyAlgorithms, SshServerOptions.DefaultHostKeyAlgorithms);
        RequireKnown(failures, $"{key}:Ciphers", sftp.Ciphers, SshServerOptions.DefaultCiphers);
        RequireKnown(failures, $"{key}:Macs", sftp.Macs, SshServerOptions.DefaultMacs);
    }

    /// <summary>An algorithm list may reorder or drop the engine's algorithms, never name one it lacks.</summary>
    private static void RequireKnown(List<string> failures, string key, List<string> configured, IReadOnlyList<string> supported)
    {
        for (var i = 0; i < configured.Count; i++)
        {
            if (!supported.Contains(configured[i]))
            {
                failures.Add($"{key}:{i}: '{configured[i]}' is not supported; choose from {string.Join(", ", supported)}.");
            }
        }
    }

    private static void ValidateFtps(List<string> failures, string siteName, string key, FtpsOptions ftps)
    {
        var before = failures.Count;
        if (!IPAddress.TryParse(ftps.BindAddress, out _))
        {
            failures.Add($"{key}:BindAddress: '{ftps.BindAddress}' is not an IP address (use '::' or '0.0.0.0' for all interfaces).");
        }

        RequirePort(failures, $"{key}:Port", ftps.Port);
        ValidatePassivePorts(failures, key, ftps);
        if (ftps.PassiveAddress is not null
            && (!IPAddress.TryParse(ftps.PassiveAddress, out var passiveAddress) || passiveAddress.AddressFamily != AddressFamily.InterNetwork))
        {
            failures.Add($"{key}:PassiveAddress: '{ftps.PassiveAddress}' is not an IPv4 address (PASV replies can only carry IPv4).");
        }

        RequirePositive(failures, $"{key}:IdleTimeout", ftps.IdleTimeout);

        if (ftps.Banner.Count == 0 || ftps.Banner.All(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{key}:Banner: must have at least one non-empty line.");
        }

        ValidateLines(failures, $"{key}:Banner", ftps.Banner);
        var bannerBytes = ReplyBytes(ftps.Banner);
        if (bannerBytes > MaxBannerBytes)
        {
            failures.Add($"{key}:Banner: the 220 reply would be {bannerBytes} bytes, more than {MaxBannerBytes}.");
        }

        ValidateLines(failures, $"{key}:LoginMessage", ftps.LoginMessage);
        ValidateCertificate(failures, $"{key}:Certificate", ftps.Certificate);
        if (failures.Count == before)
        {
            ValidateEngineLimits(failures, siteName, key, ftps);
        }
    }

    /// <summary>The engine checks its own limits; its complaint is reported under the configuration key.</summary>
    private static void ValidateEngineLimits(List<string> failures, string siteName, string key, FtpsOptions ftps)
    {
        try
        {
            FtpEngineOptions.From(siteName, ftps).Validate();
        }
        catch (ArgumentException exception)
        {
            var setting = (exception.ParamName ?? string.Empty).Replace('.', ':');
            var reason = exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);
            failures.Add($"{key}:{setting}: {reason}");
        }
    }

    private static void ValidatePassivePorts(List<string> failures, string key, FtpsOptions ftps)
    {
        var (min, max) = (ftps.PassivePortMin, ftps.PassivePortMax);
        if (min == 0 && max == 0)
        {
            return;
        }

        if (min is < 1 or > 65535)
        {
            failures.Add($"{key}:PassivePortMin: must be between 1 and 65535, or 0 together with PassivePortMax for ephemeral ports (was {min}).");
        }

        if (max is < 1 or > 65535)
        {
            failures.Add($"{key}:PassivePortMax: must be between 1 and 65535, or 0 together with PassivePortMin for ephemeral ports (was {max}).");
        }

        if (min > max)
        {
            failures.Add($"{key}:PassivePortMin: {min} is greater than {key}:PassivePortMax {max}.");
        }
        else if (ftps.Port >= min && ftps.Port <= max)
        {
            failures.Add($"{key}:Port: the control port {ftps.Port} lies inside the passive port range {min}-{max}.");
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
        var listeners = sites.SelectMany(s => new[]
        {
            (Site: s.Key, Section: "Ftps", s.Value.Ftps.Enabled, s.Value.Ftps.BindAddress, s.Value.Ftps.Port),
            (Site: s.Key, Section: "Sftp", s.Value.Sftp.Enabled, s.Value.Sftp.BindAddress, s.Value.Sftp.Port),
        });
        var owners = new Dictionary<(string Address, int Port), string>();
        foreach (var listener in listeners.Where(l => l.Enabled && l.Port != 0))
        {
            var endpoint = (listener.BindAddress, listener.Port);
            var name = $"site {listener.Site} ({listener.Section})";
            if (!owners.TryAdd(endpoint, name))
            {
                failures.Add($"{Root}:Sites:{listener.Site}:{listener.Section}:Port: {listener.Port} is already used by {owners[endpoint]}.");
            }
        }
    }

    private static void ValidateLines(List<string> failures, string key, List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is null || lines[i].Any(char.IsControl))
            {
                failures.Add($"{key}:{i}: a reply line must not contain control characters (CR, LF, TAB, ...).");
            }
        }
    }

    /// <summary>The size of the multi-line reply as sent: "220-" or "220 " before each line, CRLF after.</summary>
    private static int ReplyBytes(List<string> lines) =>
        lines.Sum(line => 4 + Encoding.UTF8.GetByteCount(line ?? string.Empty) + 2);

    private static void RequirePort(List<string> failures, string key, int port)
    {
        if (port is < 0 or > 65535)
        {
            failures.Add($"{key}: must be between 0 and 65535, 0 for an ephemeral port (was {port}).");
        }
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key}: must be greater than zero (was {value}).");
        }
    }

    private static void RequireAtLeast(List<string> failures, string key, int value, int minimum)
    {
        if (value < minimum)
        {
            failures.Add($"{key}: must be at least {minimum} (was {value}).");
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
