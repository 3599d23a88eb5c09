using System.Net;
using EcurepServer.Dialects;
using EcurepServer.Ssh;

namespace EcurepServer.Settings;

/// <summary>Maps a site's SFTP settings and its dialect's SFTP texts onto the SSH engine's options; the site's own win.</summary>
public static class SshEngineOptions
{
    public static SshServerOptions From(SftpListenerOptions sftp, ReplyDialect dialect) => new()
    {
        EndPoint = new IPEndPoint(IPAddress.Parse(sftp.BindAddress), sftp.Port),
        Banner = Banner(sftp.Banner.Count > 0 ? sftp.Banner : dialect.SftpBanner),
        AuthenticationMethods = OrDefault(
            sftp.AuthenticationMethods.Count > 0 ? sftp.AuthenticationMethods : [.. dialect.SftpAuthenticationMethods],
            SshServerOptions.DefaultAuthenticationMethods),
        IdleTimeout = sftp.IdleTimeout,
        LoginGraceTime = sftp.LoginGraceTime,
        DeadClientTimeout = sftp.DeadClientTimeout,
        MaxAuthFailures = sftp.MaxAuthFailures,
        MaxSessionsPerAddress = sftp.MaxSessionsPerAddress,
        MaxSessions = sftp.MaxSessions,
        MaxChannelsPerSession = sftp.MaxChannelsPerSession,
        TotalChannelWindowBytes = sftp.TotalChannelWindowBytes,
        MaxChannelWindowBytesPerConnection = sftp.MaxChannelWindowBytesPerConnection,
        MaxChannelWindowBytesPerAddress = sftp.MaxChannelWindowBytesPerAddress,
        RekeyAfterBytes = sftp.RekeyAfterBytes,
        RekeyAfterTime = sftp.RekeyAfterTime,
        KeyReExchangeTimeout = sftp.KeyReExchangeTimeout,
        MaxClientKeyExchangesPerMinute = sftp.MaxClientKeyExchangesPerMinute,
        KexAlgorithms = OrDefault(sftp.KexAlgorithms, SshServerOptions.DefaultKexAlgorithms),
        HostKeyAlgorithms = OrDefault(sftp.HostKeyAlgorithms, SshServerOptions.DefaultHostKeyAlgorithms),
        Ciphers = OrDefault(sftp.Ciphers, SshServerOptions.DefaultCiphers),
        Macs = OrDefault(sftp.Macs, SshServerOptions.DefaultMacs),
    };

    /// <summary>The lines as one text with CRLF line ends (RFC 4252 section 5.4); none when there are no lines.</summary>
    private static string? Banner(IReadOnlyList<string> lines) => lines.Count == 0 ? null : string.Join("\r\n", lines) + "\r\n";

    private static IReadOnlyList<string> OrDefault(List<string> configured, IReadOnlyList<string> defaults) =>
        configured.Count == 0 ? defaults : [.. configured];
}
