using System.Collections.Concurrent;
using System.Text.Json;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Events;

/// <summary>
/// The durable outbox of upload events, one per event and sink, in the catalog (<see cref="IEventCatalog"/>), shared by
/// every node: pending until the sink confirmed it (then delivered) or it failed for the whole retry time (then failed,
/// until <see cref="RetryAsync"/>). An event is committed before <see cref="EnqueueAsync"/> returns, so an upload is
/// acknowledged only once its events survive a crash.
/// </summary>
public sealed class EventOutbox
{
    private readonly IEventCatalog _catalog;
    private readonly EventOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public EventOutbox(IEventCatalog catalog, EventOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog;
        _options = options;
        _time = time;
    }

    /// <summary>Whether any sink is configured; without one nothing is queued.</summary>
    public bool HasSinks => _options.Sinks.Count > 0;

    /// <summary>The receipt exactly as the receipts file holds it: the body of every event of the upload.</summary>
    public static byte[] Body(Receipt receipt) => JsonSerializer.SerializeToUtf8Bytes(receipt, ReceiptsJsonContext.Default.Receipt);

    /// <summary>Queues the delivered upload's event for every sink of its site; returns the events queued (none without sinks).</summary>
    public async ValueTask<IReadOnlyList<OutboxEvent>> EnqueueAsync(Receipt receipt, string deliveredFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var sinks = _options.SinksFor(receipt.Site).ToList();
        if (sinks.Count == 0)
        {
            return [];
        }

        var now = _time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        List<OutboxEvent> events = [.. sinks.Select(sink => new OutboxEvent(id, sink, OutboxEvent.UploadDelivered, now, deliveredFile, receipt))];
        await _catalog.EnqueueAsync(events, cancellationToken).ConfigureAwait(false);
        foreach (var sink in sinks)
        {
            Signal(sink).Release();
        }

        return events;
    }

    /// <summary>
    /// Takes queued events back (their upload was undone before it was acknowledged). Best effort: the storage is
    /// already failing here, and the undo that follows must run; an event that stays names a file no longer delivered.
    /// </summary>
    public async ValueTask WithdrawAsync(IReadOnlyList<OutboxEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            await _catalog.WithdrawAsync(events, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Left for the sink: a receiver finds no file behind it, which is safer than an undo left half done.
        }
    }

    /// <summary>The sink's next pending events, oldest first, leased to <paramref name="nodeId"/> for <paramref name="lease"/>.</summary>
    public ValueTask<IReadOnlyList<OutboxEvent>> TakeAsync(string sink, string nodeId, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return _catalog.TakeAsync(sink, nodeId, limit, now, now + lease, cancellationToken);
    }

    /// <summary>Extends the leases of <paramref name="nodeId"/> by <paramref name="lease"/> from now; <see cref="TimeSpan.Zero"/> gives them up.</summary>
    public ValueTask<int> RenewLeasesAsync(string nodeId, TimeSpan lease, CancellationToken cancellationToken) =>
        _catalog.RenewLeasesAsync(nodeId, _time.GetUtcNow() + lease, cancellationToken);

    /// <summary>Every event in the outbox in the given states (all when none given), oldest first.</summary>
    public ValueTask<IReadOnlyList<OutboxEvent>> ListAsync(IReadOnlyList<EventState> states, CancellationToken cancellationToken) =>
        _catalog.ListAsync(states, cancellationToken);

    /// <summary>How many events wait to be sent.</summary>
    public ValueTask<int> PendingCountAsync(CancellationToken cancellationToken) => _catalog.PendingCountAsync(cancellationToken);

    /// <summary>The sink confirmed the event.</summary>
    public ValueTask MarkDeliveredAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken) =>
        _catalog.MarkDeliveredAsync(outboxEvent, _time.GetUtcNow(), cancellationToken);

    /// <summary>The event failed for the whole retry time: it is kept as failed for <see cref="RetryAsync"/>.</summary>
    public ValueTask MarkFailedAsync(OutboxEvent outboxEvent, string error, CancellationToken cancellationToken) =>
        _catalog.MarkFailedAsync(outboxEvent, error, cancellationToken);

    /// <summary>
    /// Puts the failed event of this id back (for every sink it failed at) with a new retry time; returns how many.
    /// A running server picks it up within <c>Events:ScanInterval</c>.
    /// </summary>
    public async ValueTask<int> RetryAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsId(id))
        {
            return 0;
        }

        var retried = await _catalog.RetryAsync(id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var signal in _signals.Values)
        {
            signal.Release();
        }

        return retried;
    }

    /// <summary>Forgets the events delivered before <paramref name="before"/>; returns how many.</summary>
    public ValueTask<int> PruneDeliveredAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        _catalog.PruneDeliveredAsync(before, cancellationToken);

    /// <summary>Waits until an event is queued here for the sink or <paramref name="timeout"/> passed (events queued by other nodes are found by the wait's end).</summary>
    public async Task WaitAsync(string sink, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Signal(sink);
        await signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

        // One wake-up serves every event queued meanwhile: the caller reads them all.
        while (signal.CurrentCount > 0 && signal.Wait(0, CancellationToken.None))
        {
        }
    }

    /// <summary>An event id as <see cref="EnqueueAsync"/> makes them (a GUID).</summary>
    public static bool IsId(string id) => Guid.TryParseExact(id, "D", out _);

    private SemaphoreSlim Signal(string sink) => _signals.GetOrAdd(sink, _ => new SemaphoreSlim(0));
}
