using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Transcripts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Hosting;

/// <summary>
/// Publishes the sessions connected to this node to the catalog, so every node that shares it lists them: once per
/// <c>Catalog:PollInterval</c> the sessions that began, logged in or ended since go in one transaction (no catalog write
/// per connection), and every <c>Catalog:LeaseRenewInterval</c> their lease is renewed, so they drop out of the list
/// when this node dies. A node that stops removes its sessions.
/// </summary>
public sealed partial class ConnectedSessionsService(
    LiveSessions live,
    ISessionCatalog catalog,
    CatalogNode node,
    IOptions<CatalogOptions> options,
    TimeProvider time,
    ILogger<ConnectedSessionsService> logger) : BackgroundService
{
    private Dictionary<string, ConnectedSession> _published = new(StringComparer.Ordinal);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await catalog.RemoveNodeAsync(node.Id, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Their lease runs out instead.
            LogPublishFailed(logger, exception, node.Id);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var renewDue = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                var connected = Connected();
                var changed = connected.Values.Where(session => !_published.TryGetValue(session.SessionId, out var published) || published != session).ToList();
                var ended = _published.Keys.Where(id => !connected.ContainsKey(id)).ToList();
                if (changed.Count > 0 || ended.Count > 0 || now >= renewDue)
                {
                    await catalog.PublishAsync(node.Id, changed, ended, now, now + settings.LeaseDuration, stoppingToken);
                    _published = connected;
                    renewDue = now + settings.LeaseRenewInterval;
                }

                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The next round publishes what this one could not; the leases last several rounds.
                LogPublishFailed(logger, exception, node.Id);
                await Task.Delay(settings.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private Dictionary<string, ConnectedSession> Connected()
    {
        var connected = new Dictionary<string, ConnectedSession>(StringComparer.Ordinal);
        foreach (var session in live.Connected)
        {
            connected[session.Id] = new ConnectedSession(
                session.Id, node.Id, session.Site ?? "", session.Protocol ?? "", session.ClientAddress ?? "", session.Account, session.Anonymous, session.StartedUtc);
        }

        return connected;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not publish the sessions connected to node {NodeId} in the catalog")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string nodeId);
}
