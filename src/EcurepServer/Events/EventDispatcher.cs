using System.Diagnostics.Metrics;
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
/// as delivered; after Events:RetryFor from its upload it is recorded as failed. A stop leaves the event pending,
/// and the next start sends it again: delivery is at least once, and receivers deduplicate by the event id.
/// </summary>
public sealed class EventDispatcher : BackgroundService
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private readonly EventOutbox _outbox;
    private readonly EventOptions _options;
    private readonly IHttpClientFactory _http;
    private readonly EventLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger<EventDispatcher> _logger;
    private readonly Counter<long> _deliveries;

    public EventDispatcher(EventOutbox outbox, IOptions<EventOptions> options, IHttpClientFactory http, EventLog log, IMeterFactory meterFactory, TimeProvider time, ILogger<EventDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _outbox = outbox;
        _options = options.Value;
        _http = http;
        _log = log;
        _time = time;
        _logger = logger;
        _deliveries = meterFactory.Create(DropBoxMetrics.MeterName)
            .CreateCounter<long>("ecurep.events.deliveries", "{event}", "Events their sink confirmed (delivered) or that failed for the whole retry time (failed), by site and sink");
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_options.Sinks.Select(sink => RunSinkAsync(sink.Key, Create(sink.Value), stoppingToken)).Append(PruneAsync(stoppingToken)));

    private IEventSink Create(EventSinkOptions sink) => sink.Type == EventSinkOptions.WebhookType
        ? new WebhookSink(_http.CreateClient(EventHttpClient.Name), sink)
        : new CommandSink(sink, _options, _log);

    private async Task RunSinkAsync(string name, IEventSink sink, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var outboxEvent in _outbox.Pending(name))
                {
                    await DeliverAsync(name, sink, outboxEvent, stoppingToken);
                }

                await _outbox.WaitAsync(name, _options.ScanInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
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

        _outbox.MarkDelivered(outboxEvent);
        _deliveries.Add(1, new("site", outboxEvent.Receipt.Site), new("sink", name), new("outcome", "delivered"));
        EventLog.Delivered(_logger, outboxEvent.Id, outboxEvent.Receipt.Path, name);
    }

    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _outbox.PruneDelivered(_time.GetUtcNow() - _options.DeliveredRetention);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                EventLog.OutboxFailed(_logger, exception, "(pruning)", PruneInterval);
            }

            await WaitAsync(PruneInterval, stoppingToken);
        }
    }

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
