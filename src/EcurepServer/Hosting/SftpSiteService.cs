using System.Net.Sockets;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Hosting.Ssh;
using EcurepServer.Metrics;
using EcurepServer.Settings;
using EcurepServer.Sftp;
using EcurepServer.Ssh;
using EcurepServer.Ssh.Keys;
using EcurepServer.Transcripts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting;

/// <summary>
/// The SFTP listener of one site: the SSH engine with Core's logins and the SFTP subsystem. On stop it stops
/// accepting at once and gives running transfers the configured grace period.
/// </summary>
public sealed partial class SftpSiteService(
    string siteName,
    EcurepServerOptions options,
    SshHostKeyProvider hostKeys,
    ILoginService loginService,
    IDropBox dropBox,
    SftpSubsystem sftp,
    IFaultInjector faults,
    ClientDefender defender,
    ConnectionMetrics connections,
    ILoggerFactory loggerFactory,
    SiteTranscripts transcripts,
    LiveSessions live,
    TimeProvider timeProvider,
    ServerGauges? gauges = null) : IHostedService, IAsyncDisposable, ISiteListeners, IReloadsCredentials
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SftpSiteService>();
    private SshServer? _server;
    private IReadOnlyList<SshHostKey> _offered = [];

    public IEnumerable<ListenerState> Listeners =>
        !options.Sites[siteName].Ssh.Enabled ? []
        : _server is null ? [new ListenerState(siteName, DropBoxSshAuthenticator.Protocol, null, false)]
        : [new ListenerState(siteName, DropBoxSshAuthenticator.Protocol, _server.LocalEndPoint, _server.IsAccepting)];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = options.Sites[siteName].Ssh;
        if (!listener.Enabled)
        {
            return;
        }

        using var scope = SiteListenerLog.BeginScope(_logger, siteName, DropBoxSshAuthenticator.Protocol);
        var subsystems = new Dictionary<string, ISshSubsystemHandler>(StringComparer.Ordinal)
        {
            [SftpSubsystemHandler.Name] = new SftpSubsystemHandler(siteName, dropBox, sftp),
        };
        _offered = hostKeys.Keys;
        var server = new SshServer(
            listener,
            _offered,
            new DropBoxSshAuthenticator(siteName, loginService),
            subsystems,
            loggerFactory,
            transcripts.ObserverFor(siteName))
        {
            Stages = new FaultStageHook(siteName, faults),
            Guard = new DefenderGuard(defender, connections, siteName, DropBoxSshAuthenticator.Protocol),
            ProxyProtocol = ProxyProtocolGate.From(options.Sites[siteName].ProxyProtocol, timeProvider),
        };
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (SocketException exception)
        {
            await server.DisposeAsync();
            throw SiteListenerLog.CannotListen(siteName, "Ssh", listener.BindAddress, listener.Port, exception);
        }

        _server = server;
        gauges?.AddSshServer(siteName, server);
        live.AddListener((sessionId, _) => server.Close(sessionId));
        SiteListenerLog.Listening(_logger, siteName, DropBoxSshAuthenticator.Protocol, server.LocalEndPoint.ToString());
    }

    public void ReloadCredentials()
    {
        var keys = hostKeys.Keys;
        if (_server is null || ReferenceEquals(keys, _offered))
        {
            return;
        }

        using var scope = SiteListenerLog.BeginScope(_logger, siteName, DropBoxSshAuthenticator.Protocol);
        try
        {
            _server.ReplaceHostKeys(keys);
        }
        catch (ArgumentException exception)
        {
            LogReloadRefused(_logger, exception);
            return;
        }

        _offered = keys;
        foreach (var key in keys)
        {
            LogReloaded(_logger, key.PublicKey.KeyType, key.PublicKey.Fingerprint);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        SiteListenerLog.Stopping(_logger, siteName, DropBoxSshAuthenticator.Protocol, options.ShutdownGracePeriod);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(options.ShutdownGracePeriod);
        await _server.StopAsync(grace.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            gauges?.RemoveSshServer(siteName);
            await _server.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SSH host key reloaded for new connections: {KeyType} {Fingerprint}")]
    private static partial void LogReloaded(ILogger logger, string keyType, string fingerprint);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reloaded SSH host keys serve none of the configured host key algorithms; the ones loaded before stay in use")]
    private static partial void LogReloadRefused(ILogger logger, Exception exception);
}
