using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EcurepServer.Certificates;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Ftp;
using EcurepServer.Ftp.Data;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Metrics;
using EcurepServer.Settings;
using EcurepServer.Transcripts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting;

/// <summary>
/// The FTP listeners of one site: explicit FTPS, and the legacy plain listener when enabled. On stop they stop
/// accepting at once and give running transfers the configured grace period before the engine aborts them.
/// </summary>
public sealed partial class FtpsSiteService(
    string siteName,
    EcurepServerOptions options,
    FtpsCertificateProvider certificates,
    PassivePortPools passivePorts,
    ILoginService loginService,
    IDropBox dropBox,
    IFaultInjector faults,
    ClientDefender defender,
    ConnectionMetrics connections,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider,
    SiteTranscripts transcripts,
    LiveSessions live) : IHostedService, IAsyncDisposable, ISiteListeners, IReloadsCredentials
{
    public const string Protocol = "ftps";

    public const string LegacyProtocol = "ftp";

    private readonly ILogger _logger = loggerFactory.CreateLogger<FtpsSiteService>();
    private readonly List<FtpServer> _servers = [];
    private readonly Dictionary<string, FtpServer> _byProtocol = new(StringComparer.Ordinal);
    private IReadOnlyList<ServerCertificate> _served = [];

    public string SiteName => siteName;

    /// <summary>The started listeners by protocol ("ftps", "ftp"), with the endpoints they bound.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> EndPoints { get; private set; } = new Dictionary<string, IPEndPoint>();

    public IEnumerable<ListenerState> Listeners
    {
        get
        {
            var site = options.Sites[siteName];
            if (site.Ftps.Enabled)
            {
                yield return State(Protocol);
            }

            if (site.LegacyPlain.Enabled)
            {
                yield return State(LegacyProtocol);
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var site = options.Sites[siteName];
        if (!site.Ftps.Enabled && !site.LegacyPlain.Enabled)
        {
            return;
        }

        using var scope = SiteListenerLog.BeginScope(_logger, siteName, Protocol);
        var served = certificates.ForSite(siteName);
        foreach (var certificate in served)
        {
            LogFingerprint(_logger, certificate.Fingerprint, certificate.Key, certificate.Source);
        }

        _served = served;
        X509Certificate2[] presented = [.. served.Select(certificate => certificate.Certificate)];
        var endPoints = new Dictionary<string, IPEndPoint>(StringComparer.Ordinal);
        if (site.Ftps.Enabled)
        {
            endPoints[Protocol] = await StartServerAsync(site.Ftps, presented, "Ftps", Protocol, cancellationToken);
        }

        if (site.LegacyPlain.Enabled)
        {
            endPoints[LegacyProtocol] = await StartServerAsync(site.LegacyPlainEngineOptions(), presented, "LegacyPlain", LegacyProtocol, cancellationToken);
        }

        EndPoints = endPoints;
    }

    public void ReloadCredentials()
    {
        var served = certificates.ForSite(siteName);
        if (_servers.Count == 0 || ReferenceEquals(served, _served))
        {
            return;
        }

        using var scope = SiteListenerLog.BeginScope(_logger, siteName, Protocol);
        X509Certificate2[] presented = [.. served.Select(certificate => certificate.Certificate)];
        foreach (var server in _servers)
        {
            server.ReplaceCertificates(presented);
        }

        _served = served;
        foreach (var certificate in served)
        {
            LogReloaded(_logger, certificate.Fingerprint, certificate.Key, certificate.Source);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_servers.Count == 0)
        {
            return;
        }

        SiteListenerLog.Stopping(_logger, siteName, Protocol, options.ShutdownGracePeriod);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(options.ShutdownGracePeriod);
        await Task.WhenAll(_servers.Select(server => server.StopAsync(grace.Token)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<IPEndPoint> StartServerAsync(
        FtpServerOptions engine, IReadOnlyList<X509Certificate2> certificates, string section, string protocol, CancellationToken cancellationToken)
    {
        var server = new FtpServer(siteName, engine, certificates, loginService, dropBox, loggerFactory, timeProvider, passivePorts, transcripts.For(siteName))
        {
            Faults = faults,
            Guard = new DefenderGuard(defender, connections, siteName, protocol),
            ProxyProtocol = ProxyProtocolGate.From(options.Sites[siteName].ProxyProtocol, timeProvider),
        };
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (SocketException exception)
        {
            await server.DisposeAsync();
            throw SiteListenerLog.CannotListen(siteName, section, engine.BindAddress, engine.Port, exception);
        }

        _servers.Add(server);
        _byProtocol[protocol] = server;
        live.AddListener(server.Close);
        SiteListenerLog.Listening(_logger, siteName, protocol, server.LocalEndPoint!.ToString());
        return server.LocalEndPoint;
    }

    private ListenerState State(string protocol) =>
        _byProtocol.TryGetValue(protocol, out var server)
            ? new ListenerState(siteName, protocol, server.LocalEndPoint, server.IsAccepting)
            : new ListenerState(siteName, protocol, null, false);

    [LoggerMessage(Level = LogLevel.Information, Message = "FTPS certificate reloaded for new connections, SHA-256 fingerprint: {Fingerprint} ({Key}, {CertificatePath})")]
    private static partial void LogReloaded(ILogger logger, string fingerprint, string key, string certificatePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "FTPS certificate SHA-256 fingerprint: {Fingerprint} ({Key}, {CertificatePath})")]
    private static partial void LogFingerprint(ILogger logger, string fingerprint, string key, string certificatePath);
}
