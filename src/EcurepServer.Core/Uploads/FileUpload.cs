using System.Security.Cryptography;
using EcurepServer.Core.Events;
using EcurepServer.Core.Quotas;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Uploads;

/// <summary>
/// One upload into a product directory: written to this account's partial file, hashed while written, delivered
/// into the account's folder (never over an existing file) only by <see cref="CommitAsync"/>, and only once its
/// receipt is on disk. Not safe for concurrent calls; a protocol writes one upload from one place.
/// </summary>
internal sealed class FileUpload : IUpload
{
    private readonly DropBoxSession _session;
    private readonly DropBoxServices _services;
    private readonly PartialFile _partial;
    private readonly string _claimId;
    private string _deliveredFile;
    private readonly DateTimeOffset _started;
    private readonly IncrementalHash _hash;
    private readonly UploadQuota _quota;

    /// <summary>Where this session took the upload up: 0, or the length of the interrupted upload it resumed.</summary>
    private readonly long _startLength;
    private FileStream? _stream;
    private Refusal? _firstRefusal;
    private State _state = State.Open;
    private bool _released;
    private bool _disposed;

    private FileUpload(DropBoxSession session, VirtualPath path, string claimId, PartialFile partial, string deliveredFile, FileStream stream, IncrementalHash hash, long length, UploadQuota quota)
    {
        _claimId = claimId;
        _quota = quota;
        _session = session;
        _services = session.Services;
        Path = path;
        _partial = partial;
        _deliveredFile = deliveredFile;
        _stream = stream;
        _hash = hash;
        Length = length;
        _startLength = length;
        _started = _services.Time.GetUtcNow();
        _services.ActiveUploads.TryAdd(this, 0);
    }

    private enum State
    {
        Open,
        Failed,
        TooLarge,
        OverQuota,
        Closed,
        Committed,
        EndedByReset,
    }

    public VirtualPath Path { get; private set; }

    public long Length { get; private set; }

    /// <summary>Who uploads, for the list of uploads in progress.</summary>
    internal DropBoxSession Session => _session;

    internal DateTimeOffset Started => _started;

    /// <summary>A reset ends the upload: its next write, flush or commit is refused, so it is never delivered.</summary>
    internal void EndForReset() => _state = State.EndedByReset;

    /// <summary>
    /// Holds the partial file (for the whole upload) and the delivered name (until a rename or the end), so no other
    /// upload of the account writes the one or aims at the other meanwhile.
    /// </summary>
    public static async ValueTask<Outcome<IUpload>> StartAsync(DropBoxSession session, UploadRequest request, string product, string name, CancellationToken cancellationToken) =>
        (await StartAsync(session, request, product, name, unique: false, cancellationToken).ConfigureAwait(false))!.Value;

    /// <summary>As <see cref="StartAsync(DropBoxSession, UploadRequest, string, string, CancellationToken)"/>; with <paramref name="unique"/>, null when the name is delivered or claimed already (STOU tries the next).</summary>
    public static async ValueTask<Outcome<IUpload>?> StartAsync(DropBoxSession session, UploadRequest request, string product, string name, bool unique, CancellationToken cancellationToken)
    {
        var services = session.Services;
        var path = request.Path;
        var delivered = session.DeliveredFile(product, name);
        if (Exists(delivered))
        {
            return unique ? (Outcome<IUpload>?)null : session.RefuseUpload(path, UploadRefusals.AlreadyDelivered(name));
        }

        var quota = await services.Quotas.OpenAsync(session.Principal, cancellationToken).ConfigureAwait(false);
        if (quota.IsUsedUp)
        {
            return session.RefuseUpload(path, quota.Exceeded(path));
        }

        var partialFile = session.PartialFilePath(product, name);
        var claimId = Guid.NewGuid().ToString("N");
        if (!await services.Registry.TryAcquireAsync(claimId, [partialFile, delivered], session, cancellationToken).ConfigureAwait(false))
        {
            return unique ? (Outcome<IUpload>?)null : session.RefuseUpload(path, UploadRefusals.InProgress(path));
        }

        FileStream? stream = null;
        IncrementalHash? hash = null;
        try
        {
            var partialLength = session.ResumablePartial(product, name)?.Length;
            var keep = request.Mode switch
            {
                UploadMode.Resume => request.Offset,
                UploadMode.Append => partialLength ?? 0,
                _ => 0,
            };
            if (request.Mode == UploadMode.Resume && keep > (partialLength ?? 0))
            {
                await ReleaseAllAsync(services, claimId, partialFile, delivered).ConfigureAwait(false);
                return session.RefuseUpload(path, new Refusal(RefusalKind.NotFound, partialLength is null
                    ? $"There is no interrupted upload of {path} to resume at byte {keep}."
                    : $"Cannot resume {path} at byte {keep}: only {partialLength} bytes of it arrived."));
            }

            hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            (var partial, stream) = await PartialFile.OpenAsync(services, partialFile, keep, hash, cancellationToken).ConfigureAwait(false);
            return Outcome<IUpload>.Success(new FileUpload(session, path, claimId, partial, delivered, stream, hash, keep, quota));
        }
        catch (Exception e)
        {
            stream?.Dispose();
            hash?.Dispose();
            await ReleaseAllAsync(services, claimId, partialFile, delivered).ConfigureAwait(false);
            if (e is not (IOException or UnauthorizedAccessException))
            {
                throw;
            }

            LogStorageFailed(session, path, e);
            return session.RefuseUpload(path, UploadRefusals.StorageFailed(path, e));
        }
    }

    public ValueTask<Outcome<long>> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Write(data.Span, cancellationToken));

    private Outcome<long> Write(ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        if (_state != State.Open)
        {
            return Refuse(Path, NotOpen());
        }

        cancellationToken.ThrowIfCancellationRequested();

        var maximum = _services.Options.MaxUploadBytes;
        if (data.Length > maximum - Length)
        {
            _state = State.TooLarge;
            return Refuse(Path, new Refusal(RefusalKind.TooLarge, $"{Path} is larger than the maximum upload size of {maximum} bytes."));
        }

        // Charged before the write, so uploads running at once cannot cross the quota together. The part that fits is
        // written and kept, so the quota ends used to the byte and later uploads are refused before any data moves.
        var withinQuota = _quota.Charge(data.Length);
        var overQuota = withinQuota < data.Length;
        data = data[..withinQuota];
        try
        {
            // Written synchronously on the receiving thread: an asynchronous file write on Linux is a thread pool hop
            // per buffer flush, which costs more CPU than the page-cache copy it waits for.
            _stream!.Write(data);
        }
        catch (IOException e)
        {
            return StorageFailed(e);
        }
        catch
        {
            // After a failed or cancelled write the file and the hash may disagree; only a resume can continue.
            _state = State.Failed;
            throw;
        }

        _hash.AppendData(data);
        Length += data.Length;
        _services.Metrics?.Received(_session.Context, data.Length);
        if (overQuota)
        {
            _state = State.OverQuota;
            return Refuse(Path, _quota.Exceeded(Path));
        }

        return Outcome<long>.Success(Length);
    }

    public async ValueTask<Outcome<VirtualPath>> RenameAsync(VirtualPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_state != State.Open)
        {
            return Refuse(Path, NotOpen());
        }

        if (path.Equals(Path))
        {
            return Outcome<VirtualPath>.Success(path);
        }

        if (!path.Parent.Equals(Path.Parent))
        {
            return Refuse(path, new Refusal(RefusalKind.PermissionDenied, $"{Path} can only be renamed within {Path.Parent}."));
        }

        var target = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_deliveredFile)!, path.Name);
        if (Exists(target))
        {
            return Refuse(path, UploadRefusals.AlreadyDelivered(path.Name));
        }

        if (!await _services.Registry.TryAcquireAsync(_claimId, [target], _session, cancellationToken).ConfigureAwait(false))
        {
            return Refuse(path, UploadRefusals.InProgress(path));
        }

        await _services.Registry.ReleaseAsync(_claimId, [_deliveredFile]).ConfigureAwait(false);
        _deliveredFile = target;
        Path = path;
        return Outcome<VirtualPath>.Success(path);
    }

    public async ValueTask<Outcome<long>> FlushAsync(CancellationToken cancellationToken)
    {
        if (_state != State.Open)
        {
            return Refuse(Path, NotOpen());
        }

        var failure = await FlushToDiskAsync(cancellationToken).ConfigureAwait(false);
        return failure is null ? Outcome<long>.Success(Length) : failure;
    }

    public async ValueTask<Outcome<Receipt>> CommitAsync(CancellationToken cancellationToken)
    {
        if (_state != State.Open)
        {
            return Refuse(Path, NotOpen());
        }

        var failure = await FlushToDiskAsync(cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        try
        {
            await _stream!.DisposeAsync().ConfigureAwait(false);
            _stream = null;
        }
        catch (IOException e)
        {
            return StorageFailed(e);
        }

        _state = State.Closed;
        var receipt = NewReceipt(Convert.ToHexStringLower(_hash.GetHashAndReset()));
        var delivery = new Delivery(_services, _partial.FilePath, _deliveredFile);
        try
        {
            if (!delivery.TryMove())
            {
                return Refuse(Path, UploadRefusals.AlreadyDelivered(Path.Name));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StorageFailed(e);
        }

        IReadOnlyList<OutboxEvent> queuedEvents = [];
        try
        {
            delivery.SyncDirectories();

            // The events are committed before the receipt, so no upload is acknowledged without them.
            if (_services.Events is { } events)
            {
                queuedEvents = await events.EnqueueAsync(receipt, _deliveredFile, CancellationToken.None).ConfigureAwait(false);
            }

            // Written even if the client has gone: the file counts as delivered only once its receipt is committed.
            await _services.Receipts.AppendAsync(receipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (_services.Events is { } queued)
            {
                await queued.WithdrawAsync(queuedEvents).ConfigureAwait(false);
            }

            return Undo(delivery, receipt, e);
        }

        await ExportAsync(receipt).ConfigureAwait(false);

        _state = State.Committed;
        await ReleaseAsync().ConfigureAwait(false);
        _session.RecordDelivered(Path, Length, receipt.CompletedUtc);
        var context = _session.Context;
        context.Transcript.Write(new UploadEvent(Path.Value, UploadOutcomes.Delivered, Length - _startLength, Length)
        {
            Sha256 = receipt.Sha256,
            StoredPath = receipt.StoredPath,
        });
        UploadLog.Delivered(_services.Logger, Path.Value, Length, receipt.Sha256, receipt.Route!.ToString(), _session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        _services.Metrics?.Delivered(context, Length, receipt.CompletedUtc - _started);
        _services.TransferLog?.Write(receipt.CompletedUtc, context, _session.Principal, Path.Value, Length - _startLength, receipt.CompletedUtc - _started, completed: true);
        return Outcome<Receipt>.Success(receipt);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_stream is not null)
        {
            try
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException e)
            {
                LogStorageFailed(_session, Path, e);
            }

            _stream = null;
        }

        _hash.Dispose();
        try
        {
            if (_state == State.TooLarge)
            {
                // Data past the size limit can never be delivered, so it does not wait for a resume.
                File.Delete(_partial.FilePath);
                Ended(UploadOutcomes.Discarded, Length);
            }
            else if (_state != State.Committed && _partial.IsNew && Length == 0)
            {
                // No byte arrived (an FTP data connection that never came): a resume could gain nothing from it.
                _partial.RemoveCreated();
                var context = _session.Context;
                UploadLog.DiscardedEmptyPartial(_services.Logger, Path.Value, _session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
                Ended(UploadOutcomes.Discarded, 0);
            }
            else if (_state != State.Committed && File.Exists(_partial.FilePath))
            {
                var context = _session.Context;
                var kept = new FileInfo(_partial.FilePath).Length;
                UploadLog.KeptPartial(_services.Logger, Path.Value, kept, _session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
                Ended(UploadOutcomes.Kept, kept);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogStorageFailed(_session, Path, e);
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>Refuses a request on this upload; the first refusal is what the transcript gives as the reason it ended undelivered.</summary>
    private Refusal Refuse(VirtualPath path, Refusal refusal)
    {
        _firstRefusal ??= refusal;
        return _session.RefuseUpload(path, refusal);
    }

    /// <summary>Notes in the transcript, the metrics and the transfer log that the upload ended undelivered, and why when a refusal said so.</summary>
    private void Ended(string outcome, long size)
    {
        var context = _session.Context;
        var bytes = Math.Max(0, Length - _startLength);
        context.Transcript.Write(new UploadEvent(Path.Value, outcome, bytes, size) { Reason = _firstRefusal?.Message });
        _services.Metrics?.Failed(context, _firstRefusal?.Kind);
        var now = _services.Time.GetUtcNow();
        _services.TransferLog?.Write(now, context, _session.Principal, Path.Value, bytes, now - _started, completed: false);
    }

    private static ValueTask ReleaseAllAsync(DropBoxServices services, string claimId, string partialFile, string deliveredFile) =>
        services.Registry.ReleaseAsync(claimId, [deliveredFile, partialFile]);

    private static void LogStorageFailed(DropBoxSession session, VirtualPath path, Exception e) =>
        UploadLog.StorageFailed(session.Services.Logger, e, path.Value, session.Principal.Name, session.Context.SessionId, session.Context.Site, session.Context.Protocol, session.Context.RemoteEndPoint);

    private Receipt NewReceipt(string sha256)
    {
        var principal = _session.Principal;
        var context = _session.Context;
        return new Receipt(
            Path.Value,
            Length,
            sha256,
            principal.IsAnonymous ? principal.AnonymousEmail ?? principal.Name : principal.Name,
            principal.IsAnonymous,
            context.Site,
            context.Protocol,
            context.ClientAddress.ToString(),
            context.SessionId,
            _started,
            _services.Time.GetUtcNow(),
            FileNameRouter.Classify(Path.Name),
            _services.Layout.StoredPath(_deliveredFile));
    }

    /// <summary>Appends the committed receipt to the export file for tooling; the delivery stands whether or not that works.</summary>
    private async ValueTask ExportAsync(Receipt receipt)
    {
        if (_services.ReceiptExport is not { } export)
        {
            return;
        }

        try
        {
            await export.AppendAsync(receipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            UploadLog.ExportFailed(_services.Logger, e, Path.Value, export.FilePath);
        }
    }

    /// <summary>The receipt could not be made durable: the delivery is taken back, and the client told it failed.</summary>
    private Refusal Undo(Delivery delivery, Receipt receipt, Exception failure)
    {
        _state = State.Failed;
        var undoFailure = delivery.Undo();
        var context = _session.Context;
        if (undoFailure is null)
        {
            UploadLog.ReceiptFailed(_services.Logger, failure, Path.Value, receipt.Sha256, _partial.FilePath, _session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        }
        else
        {
            UploadLog.ReceiptAndUndoFailed(_services.Logger, failure, Path.Value, receipt.Sha256, _deliveredFile, undoFailure.Message, _session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        }

        return Refuse(Path, UploadRefusals.StorageFailed(Path, failure));
    }

    /// <summary>Null when the data is on disk; otherwise the refusal, and the upload can only be resumed.</summary>
    private async ValueTask<Refusal?> FlushToDiskAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stream!.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.Flush(flushToDisk: true);
            return null;
        }
        catch (IOException e)
        {
            return StorageFailed(e);
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    /// <summary>The disk failed this upload: it can only be resumed from what reached the partial file.</summary>
    private Refusal StorageFailed(Exception e)
    {
        _state = State.Failed;
        LogStorageFailed(_session, Path, e);
        return Refuse(Path, UploadRefusals.StorageFailed(Path, e));
    }

    private Refusal NotOpen() => _state switch
    {
        State.EndedByReset => new Refusal(RefusalKind.Unavailable, $"The server was reset; {Path} was discarded."),
        State.Committed => new Refusal(RefusalKind.Unavailable, $"{Path} has already been delivered."),
        State.TooLarge => new Refusal(RefusalKind.TooLarge, $"{Path} exceeded the maximum upload size and cannot be delivered."),
        State.OverQuota => _quota.Exceeded(Path),
        _ => new Refusal(RefusalKind.Unavailable, $"The upload of {Path} failed and cannot be delivered; resume it or start again."),
    };

    private async ValueTask ReleaseAsync()
    {
        if (!_released)
        {
            _released = true;
            _services.ActiveUploads.TryRemove(this, out _);
            await ReleaseAllAsync(_services, _claimId, _partial.FilePath, _deliveredFile).ConfigureAwait(false);
        }
    }
}
