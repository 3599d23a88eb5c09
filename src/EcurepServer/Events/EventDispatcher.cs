using System.Data.Common;
using System.Diagnostics.Metrics;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Events;
using EcurepServer.Core.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Events;

/// <summary>
/// Sends the outbox's events, one sink at a time in the order of the uploads, each sink on its own so a sink that is
/// down holds up none of the others. An event is retried (with backoff) until its sink confirms it, then recorded
/// as delivered; after Events:RetryFor from its upload it is recorded as failed. Every node runs a dispatcher: it
/// takes a sink's events from the catalog with a lease (Catalog:LeaseDuration, renewed every
/// Catalog:LeaseRenewInterval), so one node at a time sends them; a node that dies loses its leases when they expire
/// and another sends the events. A stop leaves the event pending and gives its lease up: delivery is at least once,
/// and receivers deduplicate by the event id.
/// </summary>
public sealed class EventDispatcher : BackgroundService
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    /// <summary>How many events one take leases: enough to send a backlog without a query per event, few enough to hold no node's worth of memory.</summary>
    private const int TakeBatch = 100;

    private readonly EventOutbox _outbox;
    private readonly EventOptions _options;
    private readonly IHttpClientFactory _http;
    private readonly EventLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger<EventDispatcher> _logger;
    private readonly Counter<long> _deliveries;
    private readonly CatalogNode _node;
    private readonly CatalogOptions _catalog;

    public EventDispatcher(
        EventOutbox outbox,
        IOptions<EventOptions> options,
        CatalogNode node,
        IOptions<CatalogOptions> catalog,
        IHttpClientFactory http,
        EventLog log,
        IMeterFactory meterFactory,
        TimeProvider time,
        ILogger<EventDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _outbox = outbox;
        _options = options.Value;
        _node = node;
        _catalog = catalog.Value;
        _http = http;
        _log = log;
        _time = time;
        _logger = logger;
        _deliveries = meterFactory.Create(DropBoxMetrics.MeterName)
            .CreateCounter<long>("ecurep.events.deliveries", "{event}", "Events their sink confirmed (delivered) or that failed for the whole retry time (failed), by site and sink");
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_options.Sinks.Select(sink => RunSinkAsync(sink.Key, Create(sink.Value), stoppingToken)).Append(PruneAsync(stoppingToken)).Append(RenewAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // The events this node took and did not send go to another node now rather than when the lease runs out.
            await _outbox.RenewLeasesAsync(_node.Id, TimeSpan.Zero, cancellationToken);
        }
        catch (Exception exception) when (IsOutboxFailure(exception))
        {
            EventLog.OutboxFailed(_logger, exception, "(stopping)", _catalog.LeaseDuration);
        }
    }

    private IEventSink Create(EventSinkOptions sink) => sink.Type == EventSinkOptions.WebhookType
        ? new WebhookSink(_http.CreateClient(EventHttpClient.Name), sink)
        : new CommandSink(sink, _options, _log);

    private async Task RunSinkAsync(string name, IEventSink sink, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var taken = await _outbox.TakeAsync(name, _node.Id, TakeBatch, _catalog.LeaseDuration, stoppingToken);
                foreach (var outboxEvent in taken)
                {
                    await DeliverAsync(name, sink, outboxEvent, stoppingToken);
                }

                if (taken.Count == 0)
                {
                    await _outbox.WaitAsync(name, _options.ScanInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (IsOutboxFailure(exception))
            {
                EventLog.OutboxFailed(_logger, exception, name, _options.ScanInterval);
                await WaitAsync(_options.ScanInterval, stoppingToken);
            }
        }
    }

    private async Task DeliverAsync(string name, IEventSink sink, OutboxEvent outboxEvent, CancellationToken stoppingToken)
    {
        var left = outboxEvent.CreatedUtc + _options.RetryFor - _time.GetUtcNow();
        using var retryTime = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        retryTime.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            await sink.DeliverAsync(outboxEvent, retryTime.Token);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            var error = exception is OperationCanceledException ? "no attempt succeeded within the retry time" : exception.Message;
            await _outbox.MarkFailedAsync(outboxEvent, error, CancellationToken.None);
            _deliveries.Add(1, new("site", outboxEvent.Receipt.Site), new("sink", name), new("outcome", "failed"));
            EventLog.Failed(_logger, outboxEvent.Id, outboxEvent.Receipt.Path, name, _options.RetryFor, error);
            return;
        }

        await _outbox.MarkDeliveredAsync(outboxEvent, CancellationToken.None);
        _deliveries.Add(1, new("site", outboxEvent.Receipt.Site), new("sink", name), new("outcome", "delivered"));
        EventLog.Delivered(_logger, outboxEvent.Id, outboxEvent.Receipt.Path, name);
    }

    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _outbox.PruneDeliveredAsync(_time.GetUtcNow() - _options.DeliveredRetention, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (IsOutboxFailure(exception))
            {
                EventLog.OutboxFailed(_logger, exception, "(pruning)", PruneInterval);
            }

            await WaitAsync(PruneInterval, stoppingToken);
        }
    }

    /// <summary>Keeps this node's leases on the events it took while it sends them (a sink may be retried for hours).</summary>
    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await WaitAsync(_catalog.LeaseRenewInterval, stoppingToken);
            try
            {
                await _outbox.RenewLeasesAsync(_node.Id, _catalog.LeaseDuration, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (IsOutboxFailure(exception))
            {
                // The next round tries again; a lease lasts several rounds.
                EventLog.OutboxFailed(_logger, exception, "(renewing leases)", _catalog.LeaseRenewInterval);
            }
        }
    }

    private static bool IsOutboxFailure(Exception exception) => exception is IOException or UnauthorizedAccessException or DbException or TimeoutException;

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }
}
