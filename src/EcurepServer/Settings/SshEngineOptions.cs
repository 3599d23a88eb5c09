using System.Net;
using EcurepServer.Ssh;

namespace EcurepServer.Settings;

/// <summary>Maps a site's SFTP settings onto the SSH engine's options.</summary>
public static class SshEngineOptions
{
    public static SshServerOptions From(SftpListenerOptions sftp) => new()
    {
        EndPoint = new IPEndPoint(IPAddress.Parse(sftp.BindAddress), sftp.Port),
        Banner = sftp.Banner.Count == 0 ? null : string.Join("\r\n", sftp.Banner) + "\r\n",
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

    private static IReadOnlyList<string> OrDefault(List<string> configured, IReadOnlyList<string> defaults) =>
        configured.Count == 0 ? defaults : [.. configured];
}
