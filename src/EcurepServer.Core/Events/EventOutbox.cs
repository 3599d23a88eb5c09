using System.Collections.Concurrent;
using System.Text.Json;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Storage;

namespace EcurepServer.Core.Events;

/// <summary>
/// The durable outbox of upload events, one JSON file per event and sink under <c>&lt;DataDirectory&gt;/events</c>:
/// <c>pending/</c> until the sink confirmed it (then <c>delivered/</c>) or it failed for the whole retry time (then
/// <c>failed/</c>, until <see cref="Retry"/>). A pending file is on disk (file and directory entry synced) before
/// <see cref="EnqueueAsync"/> returns, so an upload is acknowledged only once its events survive a crash.
/// </summary>
public sealed class EventOutbox
{
    private const string Extension = ".json";

    private readonly EventOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public EventOutbox(string dataDirectory, EventOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Root = Path.Combine(dataDirectory, "events");
        _options = options;
        _time = time;
    }

    public string Root { get; }

    /// <summary>Whether any sink is configured; without one nothing is queued.</summary>
    public bool HasSinks => _options.Sinks.Count > 0;

    /// <summary>The receipt exactly as the receipts file holds it: the body of every event of the upload.</summary>
    public static byte[] Body(Receipt receipt) => JsonSerializer.SerializeToUtf8Bytes(receipt, ReceiptsJsonContext.Default.Receipt);

    /// <summary>Queues the delivered upload's event for every sink of its site; returns the files written (empty without sinks).</summary>
    public async ValueTask<IReadOnlyList<string>> EnqueueAsync(Receipt receipt, string deliveredFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var sinks = _options.SinksFor(receipt.Site).ToList();
        if (sinks.Count == 0)
        {
            return [];
        }

        var id = Guid.CreateVersion7(_time.GetUtcNow()).ToString();
        var folder = Folder(EventState.Pending);
        Directory.CreateDirectory(folder);
        var written = new List<string>(sinks.Count);
        try
        {
            foreach (var sink in sinks)
            {
                var outboxEvent = new OutboxEvent(id, sink, OutboxEvent.UploadDelivered, _time.GetUtcNow(), deliveredFile, receipt);
                written.Add(await WriteAsync(folder, outboxEvent, cancellationToken).ConfigureAwait(false));
            }

            DirectorySync.Flush(folder);
        }
        catch
        {
            Withdraw(written);
            throw;
        }

        foreach (var sink in sinks)
        {
            Signal(sink).Release();
        }

        return written;
    }

    /// <summary>
    /// Takes queued events back (their upload was undone before it was acknowledged). Best effort: the storage is
    /// already failing here, and the undo that follows must run; an event that stays names a file no longer delivered.
    /// </summary>
    public static void Withdraw(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the sink: a receiver finds no file behind it, which is safer than an undo left half done.
            }
        }
    }

    /// <summary>The sink's pending events, oldest first.</summary>
    public IReadOnlyList<OutboxEvent> Pending(string sink) =>
        [.. Read(EventState.Pending).Where(e => e.Sink == sink).OrderBy(e => e.Id, StringComparer.Ordinal)];

    /// <summary>Every event in the outbox in the given states (all when none given), oldest first.</summary>
    public IReadOnlyList<OutboxEvent> List(params EventState[] states) =>
        [.. (states.Length == 0 ? Enum.GetValues<EventState>() : states).SelectMany(Read).OrderBy(e => e.Id, StringComparer.Ordinal).ThenBy(e => e.Sink, StringComparer.Ordinal)];

    /// <summary>How many events wait to be sent.</summary>
    public int PendingCount() => Directory.Exists(Folder(EventState.Pending)) ? Directory.EnumerateFiles(Folder(EventState.Pending), "*" + Extension).Count() : 0;

    /// <summary>The sink confirmed the event.</summary>
    public void MarkDelivered(OutboxEvent outboxEvent)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        var folder = Folder(EventState.Delivered);
        Directory.CreateDirectory(folder);
        File.Move(FileOf(EventState.Pending, outboxEvent), FileOf(EventState.Delivered, outboxEvent), overwrite: true);
    }

    /// <summary>The event failed for the whole retry time: it waits in failed/ for <see cref="Retry"/>.</summary>
    public async ValueTask MarkFailedAsync(OutboxEvent outboxEvent, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        var folder = Folder(EventState.Failed);
        Directory.CreateDirectory(folder);
        await WriteAsync(folder, outboxEvent with { LastError = error }, cancellationToken).ConfigureAwait(false);
        DirectorySync.Flush(folder);
        File.Delete(FileOf(EventState.Pending, outboxEvent));
    }

    /// <summary>
    /// Puts the failed event of this id back (for every sink it failed at) with a new retry time; returns how many.
    /// A running server picks it up within <c>Events:ScanInterval</c>.
    /// </summary>
    public int Retry(string id)
    {
        if (!IsId(id))
        {
            return 0;
        }

        var pending = Folder(EventState.Pending);
        var moved = 0;
        foreach (var failed in Read(EventState.Failed).Where(e => e.Id == id))
        {
            Directory.CreateDirectory(pending);
            var renewed = failed with { CreatedUtc = _time.GetUtcNow(), LastError = null };
            var temporary = FileOf(EventState.Pending, failed) + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(renewed, EventsJsonContext.Default.OutboxEvent));
            File.Move(temporary, FileOf(EventState.Pending, failed), overwrite: true);
            File.Delete(FileOf(EventState.Failed, failed));
            Signal(failed.Sink).Release();
            moved++;
        }

        return moved;
    }

    /// <summary>Deletes the records of events delivered before <paramref name="before"/>; returns how many.</summary>
    public int PruneDelivered(DateTimeOffset before)
    {
        var folder = Folder(EventState.Delivered);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var pruned = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            if (File.GetLastWriteTimeUtc(file) < before.UtcDateTime)
            {
                File.Delete(file);
                pruned++;
            }
        }

        return pruned;
    }

    /// <summary>Waits until an event is queued for the sink or <paramref name="timeout"/> passed.</summary>
    public async Task WaitAsync(string sink, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Signal(sink);
        await signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

        // One wake-up serves every event queued meanwhile: the caller reads them all.
        while (signal.CurrentCount > 0 && signal.Wait(0, CancellationToken.None))
        {
        }
    }

    /// <summary>An event id as <see cref="EnqueueAsync"/> makes them (a GUID), so no id names another file.</summary>
    public static bool IsId(string id) => Guid.TryParseExact(id, "D", out _);

    private SemaphoreSlim Signal(string sink) => _signals.GetOrAdd(sink, _ => new SemaphoreSlim(0));

    private string Folder(EventState state) => Path.Combine(Root, state.ToString().ToLowerInvariant());

    private string FileOf(EventState state, OutboxEvent outboxEvent) => Path.Combine(Folder(state), $"{outboxEvent.Id}.{outboxEvent.Sink}{Extension}");

    private IEnumerable<OutboxEvent> Read(EventState state)
    {
        var folder = Folder(state);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            OutboxEvent? read;
            try
            {
                read = JsonSerializer.Deserialize(File.ReadAllBytes(file), EventsJsonContext.Default.OutboxEvent);
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // Moved by the dispatcher meanwhile, or cut short by a crash before its rename (never a .json then).
                continue;
            }

            if (read is not null)
            {
                yield return read with { State = state };
            }
        }
    }

    private static async ValueTask<string> WriteAsync(string folder, OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, $"{outboxEvent.Id}.{outboxEvent.Sink}{Extension}");
        var temporary = file + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await JsonSerializer.SerializeAsync(stream, outboxEvent, EventsJsonContext.Default.OutboxEvent, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, file, overwrite: true);
        return file;
    }
}
