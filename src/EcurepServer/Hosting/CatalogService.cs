using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Hosting;

/// <summary>
/// Readies the catalog (migrations, the one-time import) before any listener starts, then renews this node's upload
/// claims every <c>Catalog:LeaseRenewInterval</c>, so they expire only when this node stops renewing them.
/// </summary>
public sealed partial class CatalogService(
    CatalogStartup startup,
    IUploadOwnership ownership,
    CatalogNode node,
    IOptions<CatalogOptions> options,
    TimeProvider time,
    ILogger<CatalogService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _renewing = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await startup.EnsureReadyAsync(cancellationToken);
        _renewing = RenewAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _renewing.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        var catalog = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(catalog.LeaseRenewInterval, time, stoppingToken);
                await ownership.RenewAsync(node.Id, time.GetUtcNow() + catalog.LeaseDuration, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The next round tries again; the leases last several rounds.
                LogRenewFailed(logger, exception, node.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not renew the upload claims of node {NodeId} in the catalog")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string nodeId);
}
