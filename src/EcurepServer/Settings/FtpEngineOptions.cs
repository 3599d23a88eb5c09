using System.Net;
using EcurepServer.Ftp;

namespace EcurepServer.Settings;

/// <summary>Maps a site's FTPS settings onto the engine's options.</summary>
public static class FtpEngineOptions
{
    public static FtpServerOptions From(string siteName, FtpsOptions ftps) => new()
    {
        SiteName = siteName,

        // "::" asks the engine for its dual-stack socket, so IPv4 clients reach it too.
        BindAddress = IPAddress.Parse(ftps.BindAddress) is var address && address.Equals(IPAddress.IPv6Any) ? null : address,
        Port = ftps.Port,
        PassivePortMin = ftps.PassivePortMin,
        PassivePortMax = ftps.PassivePortMax,
        PassiveAddress = string.IsNullOrWhiteSpace(ftps.PassiveAddress) ? null : IPAddress.Parse(ftps.PassiveAddress),
        RequireTls = ftps.RequireTls,
        RequireProtectedData = ftps.RequireProtectedData,
        AllowAsciiUploads = ftps.AllowAsciiUploads,
        IdleTimeout = ftps.IdleTimeout,
        DataConnectionAcceptTimeout = ftps.DataConnectionAcceptTimeout,
        DataTimeout = ftps.DataTimeout,
        TlsHandshakeTimeout = ftps.TlsHandshakeTimeout,
        ControlCloseSettleTime = ftps.ControlCloseSettleTime,
        MaxCommandLineBytes = ftps.MaxCommandLineBytes,
        MaxOversizedLines = ftps.MaxOversizedLines,
        MaxFailedLogins = ftps.MaxFailedLogins,
        MaxSessions = ftps.MaxSessions,
        MaxSessionsPerAddress = ftps.MaxSessionsPerAddress,
        TransferBufferBytes = ftps.TransferBufferBytes,
        Banner = [.. ftps.Banner],
        LoginMessage = [.. ftps.LoginMessage],
        Replies = ftps.Replies,
    };
}
