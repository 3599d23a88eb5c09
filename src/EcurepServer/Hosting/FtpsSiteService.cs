using System.Net.Sockets;
using EcurepServer.Certificates;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Sessions;
using EcurepServer.Ftp;
using EcurepServer.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting;

/// <summary>
/// The explicit-FTPS listener of one site. On stop it stops accepting at once and gives running transfers
/// the configured grace period before the engine aborts them.
/// </summary>
public sealed partial class FtpsSiteService(
    string siteName,
    EcurepServerOptions options,
    FtpsCertificateProvider certificates,
    ILoginService loginService,
    IDropBox dropBox,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : IHostedService, IAsyncDisposable
{
    public const string Protocol = "ftps";

    private readonly ILogger _logger = loggerFactory.CreateLogger<FtpsSiteService>();
    private FtpServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ftps = options.Sites[siteName].Ftps;
        if (!ftps.Enabled)
        {
            return;
        }

        using var scope = SiteListenerLog.BeginScope(_logger, siteName, Protocol);
        var certificate = certificates.ForSite(siteName);
        LogFingerprint(_logger, certificate.Fingerprint, certificate.Source);
        var server = new FtpServer(FtpEngineOptions.From(siteName, ftps), certificate.Certificate, loginService, dropBox, loggerFactory, timeProvider);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (SocketException exception)
        {
            await server.DisposeAsync();
            throw SiteListenerLog.CannotListen(siteName, "Ftps", ftps.BindAddress, ftps.Port, exception);
        }

        _server = server;
        SiteListenerLog.Listening(_logger, siteName, Protocol, server.LocalEndPoint!.ToString());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        SiteListenerLog.Stopping(_logger, siteName, Protocol, options.ShutdownGracePeriod);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(options.ShutdownGracePeriod);
        await _server.StopAsync(grace.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "FTPS certificate SHA-256 fingerprint: {Fingerprint} ({CertificatePath})")]
    private static partial void LogFingerprint(ILogger logger, string fingerprint, string certificatePath);
}
