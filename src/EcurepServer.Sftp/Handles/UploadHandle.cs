using System.Buffers;
using System.Runtime.CompilerServices;
using EcurepServer.Core;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;
using EcurepServer.Sftp.Handlers;

namespace EcurepServer.Sftp.Handles;

/// <summary>
/// A file being uploaded through Core. WRITEs at the upload's end go straight to Core; WRITEs further on wait
/// in <see cref="WriteAhead"/> until the gap before them fills. After any failed WRITE the handle refuses the
/// rest and CLOSE does not deliver, so a file with a hole is never delivered.
/// </summary>
internal sealed class UploadHandle : SftpHandle
{
    private readonly IDropBoxSession _session;
    private readonly WriteAhead _ahead;
    private readonly long _maxOffset;
    private readonly bool _append;
    private IUpload _upload;

    /// <summary>Opened without TRUNC or APPEND on an interrupted upload: the first WRITE may start it over earlier.</summary>
    private bool _mayRewind;
    private StatusReply? _failure;

    private UploadHandle(IDropBoxSession session, IUpload upload, WriteAheadBudget budget, long maxOffset, bool append, bool mayRewind)
    {
        _session = session;
        _upload = upload;
        _ahead = new WriteAhead(budget);
        _maxOffset = maxOffset;
        _append = append;
        _mayRewind = mayRewind;
    }

    public override VirtualPath Path => _upload.Path;

    /// <summary>The size a STAT shows: up to the furthest byte written or held.</summary>
    public long Size => Math.Max(_upload.Length, _ahead.End);

    /// <summary>
    /// TRUNC starts a new upload (Core Create). APPEND continues this account's interrupted upload at its end,
    /// whatever offsets the WRITEs carry, as SSH_FXF_APPEND means (OpenSSH's <c>reput</c>). Neither: continue it
    /// too, and let the WRITE offsets say where (WinSCP's resume).
    /// </summary>
    public static async ValueTask<Outcome<UploadHandle>> OpenAsync(IDropBoxSession session, VirtualPath path, bool truncate, bool append, WriteAheadBudget budget, long maxOffset, CancellationToken cancellationToken)
    {
        var mode = truncate && !append ? UploadMode.Create : UploadMode.Append;
        var outcome = await session.BeginUploadAsync(new UploadRequest(path, mode), cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return outcome.Refusal;
        }

        var upload = outcome.Value;
        return Outcome<UploadHandle>.Success(new UploadHandle(session, upload, budget, maxOffset, append, mayRewind: !truncate && !append && upload.Length > 0));
    }

    /// <summary>Null when the data is written or held for later; otherwise the status for this WRITE.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<StatusReply?> WriteAsync(ulong offset, ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        if (_failure is not null)
        {
            return _failure;
        }

        var start = _append ? _upload.Length : (long)Math.Min(offset, (ulong)long.MaxValue);
        if (start > _maxOffset - data.Length)
        {
            return Fail($"A write at byte {offset} of {Path} reaches past the maximum upload size of {_maxOffset} bytes; it was not delivered.");
        }

        if (data.IsEmpty)
        {
            return null;
        }

        if (start < _upload.Length)
        {
            if (!_mayRewind)
            {
                return Fail($"Bytes {start} to {start + data.Length} of {Path} were already written; an upload is written once, front to back.");
            }

            var rewound = await RewindAsync(start, cancellationToken).ConfigureAwait(false);
            if (rewound is not null)
            {
                return rewound;
            }
        }

        _mayRewind = false;

        // Data held for later must not be written twice: a chunk the upload grew past would never be taken.
        if (_ahead.Overlaps(start, data.Length))
        {
            return Fail($"Bytes {start} to {start + data.Length} of {Path} overlap data already sent; an upload is written once, front to back.");
        }

        if (start > _upload.Length)
        {
            return Hold(start, data);
        }

        var written = await WriteThroughAsync(data, cancellationToken).ConfigureAwait(false);
        while (written is null && _ahead.TryTake(_upload.Length, out var chunk))
        {
            try
            {
                written = await WriteThroughAsync(new ReadOnlySequence<byte>(chunk.Data), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _ahead.Return(chunk);
            }
        }

        return written;
    }

    /// <summary>Null when everything up to the end arrived and nothing failed, so the upload may be delivered.</summary>
    public StatusReply? CheckComplete() =>
        _failure ?? (_ahead.IsEmpty
            ? null
            : StatusReply.Failure($"Bytes {_upload.Length} to {_ahead.FirstOffset} of {Path} never arrived; it was not delivered."));

    /// <summary>
    /// fsync@openssh.com: null once everything written in order is on disk. Data held after a gap cannot be, and the
    /// reply says so without failing the upload: the missing WRITEs may still come.
    /// </summary>
    public async ValueTask<StatusReply?> FlushAsync(CancellationToken cancellationToken)
    {
        if (_failure is not null)
        {
            return _failure;
        }

        if (!_ahead.IsEmpty)
        {
            return StatusReply.Failure($"Bytes {_upload.Length} to {_ahead.FirstOffset} of {Path} have not arrived; the data after them is not on disk yet.");
        }

        var flushed = await _upload.FlushAsync(cancellationToken).ConfigureAwait(false);
        return flushed.Succeeded ? null : Fail(StatusReply.From(flushed.Refusal));
    }

    public ValueTask<Outcome<VirtualPath>> RenameAsync(VirtualPath path, CancellationToken cancellationToken) => _upload.RenameAsync(path, cancellationToken);

    /// <summary>Delivers the upload (Core commit); only a complete upload is committed.</summary>
    public async ValueTask<Outcome<Receipt>> CommitAsync(CancellationToken cancellationToken)
    {
        var incomplete = CheckComplete();
        if (incomplete is not null)
        {
            return new Refusal(RefusalKind.Unavailable, incomplete.Message);
        }

        return await _upload.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        _ahead.Clear();
        await _upload.DisposeAsync().ConfigureAwait(false);
    }

    private StatusReply? Hold(long start, ReadOnlySequence<byte> data) => _ahead.TryHold(start, data) switch
    {
        WriteAheadRoom.Reserved => null,
        WriteAheadRoom.SessionFull =>
            Fail($"A write at byte {start} of {Path} arrived too far ahead of byte {_upload.Length}; at most {_ahead.MaxBytes} bytes can wait for earlier data."),
        _ => Fail($"A write at byte {start} of {Path} arrived ahead of byte {_upload.Length}, and the server already holds all the out-of-order data it may ({_ahead.ServerMaxBytes} bytes for all sessions); send the data in order."),
    };

    /// <summary>
    /// Hands the data to Core in one call: a WRITE spread over many small input segments is gathered into a
    /// pooled buffer first, since one large disk write and hash update cost far less than dozens of small ones.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<StatusReply?> WriteThroughAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsSingleSegment)
        {
            return Written(await _upload.WriteAsync(data.First, cancellationToken).ConfigureAwait(false));
        }

        var length = (int)data.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            data.CopyTo(buffer);
            return Written(await _upload.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private StatusReply? Written(Outcome<long> outcome) => outcome.Succeeded ? null : Fail(StatusReply.From(outcome.Refusal));

    /// <summary>Starts this account's interrupted upload over at <paramref name="offset"/> (Core Resume).</summary>
    private async ValueTask<StatusReply?> RewindAsync(long offset, CancellationToken cancellationToken)
    {
        var path = _upload.Path;
        await _upload.DisposeAsync().ConfigureAwait(false);
        var outcome = await _session.BeginUploadAsync(new UploadRequest(path, UploadMode.Resume, offset), cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return Fail(StatusReply.From(outcome.Refusal));
        }

        _upload = outcome.Value;
        return null;
    }

    private StatusReply Fail(string message) => Fail(StatusReply.Failure(message));

    /// <summary>Fails the upload (a fault answered one of its requests): it is never delivered, its partial stays for a resume.</summary>
    public StatusReply Fail(StatusReply failure) => _failure = failure;
}
