using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Transcripts.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Transcripts;

/// <summary>
/// Writes transcripts in the background: sessions queue their events into a bounded queue and go on; one task
/// appends them as JSON lines to each session's file. When the queue is full the event is dropped, counted for its
/// session and in total, and logged, so a slow disk never slows a session down. Files are opened for each batch of
/// events and closed after it, so an idle session holds no file open.
/// </summary>
public sealed class TranscriptWriter : ITranscriptSink, IAsyncDisposable
{
    /// <summary>Events written between closing the files; it bounds the files open at once.</summary>
    private const int BatchSize = 256;
    private const byte NewLine = (byte)'\n';

    private readonly Channel<Entry> _queue;
    private readonly TranscriptStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly Task _loop;
    private long _dropped;
    private long _droppedSinceReport;
    private int _behind;
    private volatile bool _completed;
    private string? _failingFile;

    public TranscriptWriter(IOptions<TranscriptOptions> options, IOptions<DropBoxOptions> dropBox, TimeProvider time, ILogger<TranscriptWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dropBox);
        _capacity = options.Value.MaxQueuedEvents;
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(_capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _store = new TranscriptStore(dropBox.Value.DataDirectory);
        _time = time;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Events dropped since start because the writer was behind.</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>A transcript for a session id made by <see cref="SessionIds"/>; for any other id, none.</summary>
    public SessionTranscript Open(string sessionId) =>
        _store.FileOf(sessionId) is { } file ? new QueuedTranscript(this, sessionId, file) : SessionTranscript.None;

    /// <summary>Returns once every event queued before the call is written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_completed)
        {
            await _queue.Writer.WriteAsync(new Entry(string.Empty, null, written), cancellationToken).ConfigureAwait(false);
            await written.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is queued and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _completed = true;
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private bool TryQueue(Entry entry)
    {
        if (_queue.Writer.TryWrite(entry))
        {
            return true;
        }

        if (_completed)
        {
            return false;
        }

        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _droppedSinceReport);
        if (Interlocked.Exchange(ref _behind, 1) == 0)
        {
            TranscriptLog.FallingBehind(_logger, _capacity);
        }

        return false;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var json = new Utf8JsonWriter(buffer);
        var files = new Dictionary<string, FileStream?>(StringComparer.Ordinal);
        var barriers = new List<TaskCompletionSource>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            for (var count = 0; count < BatchSize && reader.TryRead(out var entry); count++)
            {
                if (entry.Written is { } barrier)
                {
                    barriers.Add(barrier);
                }
                else
                {
                    Append(files, entry.File, entry.Event!, buffer, json);
                }
            }

            CloseAll(files);
            foreach (var barrier in barriers)
            {
                barrier.TrySetResult();
            }

            barriers.Clear();
            if (reader.Count == 0)
            {
                ReportCaughtUp();
            }
        }
    }

    private void Append(Dictionary<string, FileStream?> files, string file, TranscriptEvent transcriptEvent, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json)
    {
        if (!files.TryGetValue(file, out var stream))
        {
            stream = OpenFile(file);
            files[file] = stream;
        }

        if (stream is null)
        {
            return;
        }

        buffer.ResetWrittenCount();
        json.Reset(buffer);
        JsonSerializer.Serialize(json, transcriptEvent, TranscriptJsonContext.Default.TranscriptEvent);
        json.Flush();
        buffer.Write([NewLine]);
        try
        {
            stream.Write(buffer.WrittenSpan);
        }
        catch (IOException e)
        {
            Failed(e, file);
            stream.Dispose();
            files[file] = null;
        }
    }

    private FileStream? OpenFile(string file)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, 16384);
            if (_failingFile is not null)
            {
                _failingFile = null;
                TranscriptLog.WriteRecovered(_logger, file);
            }

            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed(e, file);
            return null;
        }
    }

    /// <summary>Logged once until writing works again, so a full disk does not flood the log.</summary>
    private void Failed(Exception exception, string file)
    {
        if (_failingFile is null)
        {
            _failingFile = file;
            TranscriptLog.WriteFailed(_logger, exception, file);
        }
    }

    private void CloseAll(Dictionary<string, FileStream?> files)
    {
        foreach (var (file, stream) in files)
        {
            try
            {
                stream?.Dispose();
            }
            catch (IOException e)
            {
                Failed(e, file);
            }
        }

        files.Clear();
    }

    private void ReportCaughtUp()
    {
        if (Volatile.Read(ref _behind) == 0)
        {
            return;
        }

        Interlocked.Exchange(ref _behind, 0);
        var dropped = Interlocked.Exchange(ref _droppedSinceReport, 0);
        TranscriptLog.CaughtUp(_logger, dropped, DroppedEvents);
    }

    /// <summary>An event for a file, or (with <see cref="Written"/>) a mark to complete once everything before it is written.</summary>
    private readonly record struct Entry(string File, TranscriptEvent? Event, TaskCompletionSource? Written);

    private sealed class QueuedTranscript(TranscriptWriter writer, string sessionId, string file) : SessionTranscript
    {
        private long _dropped;
        private int _ended;

        public override bool IsEnabled => true;

        public override void Write(TranscriptEvent transcriptEvent)
        {
            if (Volatile.Read(ref _ended) == 0)
            {
                Queue(transcriptEvent);
            }
        }

        public override void End(string reason, string? detail = null)
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                return;
            }

            var dropped = Interlocked.Read(ref _dropped);
            if (dropped > 0)
            {
                TranscriptLog.SessionLostEvents(writer._logger, sessionId, dropped);
            }

            Queue(new SessionEndEvent(reason, detail) { DroppedEvents = dropped > 0 ? dropped : null });
        }

        private void Queue(TranscriptEvent transcriptEvent)
        {
            transcriptEvent.Time = writer._time.GetUtcNow();
            if (!writer.TryQueue(new Entry(file, transcriptEvent, null)))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }
}
