using System.Net;
using EcurepServer.Dialects;
using EcurepServer.Ftp;

namespace EcurepServer.Settings;

/// <summary>Maps a site's FTPS settings and its dialect onto the engine's options.</summary>
public static class FtpEngineOptions
{
    public static FtpServerOptions From(string siteName, SiteOptions site, ReplyDialect dialect)
    {
        var ftps = site.Ftps;
        return new FtpServerOptions
        {
            SiteName = siteName,

            // "::" asks the engine for its dual-stack socket, so IPv4 clients reach it too.
            BindAddress = IPAddress.Parse(ftps.BindAddress) is var address && address.Equals(IPAddress.IPv6Any) ? null : address,
            Port = ftps.Port,
            PassivePortMin = ftps.PassivePortMin,
            PassivePortMax = ftps.PassivePortMax,
            PassiveAddress = string.IsNullOrWhiteSpace(ftps.PassiveAddress) ? null : IPAddress.Parse(ftps.PassiveAddress),
            RequireTls = ftps.RequireTls,
            TlsLevel = ftps.Rfc4217Level,
            AllowClearCommandChannel = ftps.AllowClearCommandChannel,
            RequireProtectedData = ftps.RequireProtectedData,
            RequireTlsSessionReuse = ftps.RequireTlsSessionReuse,
            AnonymousRequiresProtectedData = ftps.AnonymousRequiresProtectedData,
            AllowAsciiUploads = ftps.AllowAsciiUploads,
            IdleTimeout = ftps.IdleTimeout,
            LoginGraceTime = ftps.LoginGraceTime,
            DataConnectionAcceptTimeout = ftps.DataConnectionAcceptTimeout,
            DataTimeout = ftps.DataTimeout,
            DeadClientTimeout = ftps.DeadClientTimeout,
            TlsHandshakeTimeout = ftps.TlsHandshakeTimeout,
            ControlCloseSettleTime = ftps.ControlCloseSettleTime,
            MaxCommandLineBytes = ftps.MaxCommandLineBytes,
            MaxOversizedLines = ftps.MaxOversizedLines,
            MaxFailedLogins = ftps.MaxFailedLogins,
            MaxSessions = ftps.MaxSessions,
            MaxSessionsPerAddress = ftps.MaxSessionsPerAddress,
            MaxPassivePortsPerAddress = ftps.MaxPassivePortsPerAddress,
            TransferBufferBytes = ftps.TransferBufferBytes,
            Banner = [.. Banner(site, dialect)],
            LoginMessage = [.. ftps.LoginMessage.Count > 0 ? ftps.LoginMessage : dialect.LoginMessage],
            Replies = dialect.CreateTexts(ftps.Replies),
        };
    }

    /// <summary>
    /// The site's legacy plain listener: the FTPS listener's settings on its own port, login without TLS allowed, and
    /// clear data connections for everyone (the upload utilities it serves encrypt the content themselves).
    /// </summary>
    public static FtpServerOptions LegacyPlainFrom(string siteName, SiteOptions site, ReplyDialect dialect)
    {
        var options = From(siteName, site, dialect);
        options.Port = site.LegacyPlain.Port;
        options.RequireTls = false;
        options.RequireProtectedData = false;
        options.AnonymousRequiresProtectedData = false;
        return options;
    }

    /// <summary>The site's banner, or its dialect's, with "{host}" filled in; the engine fills the per-session placeholders.</summary>
    public static IEnumerable<string> Banner(SiteOptions site, ReplyDialect dialect) =>
        (site.Ftps.Banner.Count > 0 ? site.Ftps.Banner : dialect.Banner)
            .Select(line => (line ?? string.Empty).Replace("{host}", site.PrimaryHostName, StringComparison.Ordinal));
}
