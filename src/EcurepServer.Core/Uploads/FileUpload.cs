using System.Buffers;
using System.Security.Cryptography;
using EcurepServer.Core.Quotas;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Uploads;

/// <summary>
/// One upload into a product directory: written to this account's partial file beside the target, hashed
/// while written, moved to the final name (never over an existing one) only by <see cref="CommitAsync"/>.
/// Not safe for concurrent calls; a protocol writes one upload from one place.
/// </summary>
internal sealed class FileUpload : IUpload
{
    private const int BufferSize = 64 * 1024;

    private readonly DropBoxSession _session;
    private readonly DropBoxServices _services;
    private readonly string _partialFile;

    /// <summary>What this upload brought into existence: the partial file (when it was new) and its new folders, deepest first.</summary>
    private readonly PartialCreation _created;

    /// <summary>The registry entry that guards the partial file: the delivered name the upload started with.</summary>
    private readonly string _startedAs;
    private string _deliveredFile;
    private readonly DateTimeOffset _started;
    private readonly IncrementalHash _hash;
    private readonly UploadQuota _quota;
    private FileStream? _stream;
    private State _state = State.Open;
    private bool _released;
    private bool _disposed;

    private FileUpload(DropBoxSession session, VirtualPath path, string partialFile, PartialCreation created, string deliveredFile, FileStream stream, IncrementalHash hash, long length, UploadQuota quota)
    {
        _quota = quota;
        _session = session;
        _services = session.Services;
        Path = path;
        _partialFile = partialFile;
        _created = created;
        _startedAs = deliveredFile;
        _deliveredFile = deliveredFile;
        _stream = stream;
        _hash = hash;
        Length = length;
        _started = _services.Time.GetUtcNow();
    }

    private readonly record struct PartialCreation(bool NewFile, string[] Folders);

    private enum State
    {
        Open,
        Failed,
        TooLarge,
        OverQuota,
        Closed,
        Committed,
    }

    public VirtualPath Path { get; private set; }

    public long Length { get; private set; }

    public static async ValueTask<Outcome<IUpload>> StartAsync(DropBoxSession session, UploadRequest request, string product, string name, CancellationToken cancellationToken)
    {
        var services = session.Services;
        var path = request.Path;
        var delivered = services.Layout.DeliveredFile(product, name);
        if (Exists(delivered))
        {
            return session.RefuseUpload(path, AlreadyDelivered(name));
        }

        var quota = await services.Quotas.OpenAsync(session.Principal, cancellationToken).ConfigureAwait(false);
        if (quota.IsUsedUp)
        {
            return session.RefuseUpload(path, quota.Exceeded(path));
        }

        if (!services.Registry.TryAcquire(delivered, session.AccountKey))
        {
            return session.RefuseUpload(path, new Refusal(RefusalKind.Unavailable, $"An upload of {path} is already in progress."));
        }

        var partialFile = services.Layout.PartialFile(product, session.AccountKey, name);
        FileStream? stream = null;
        IncrementalHash? hash = null;
        try
        {
            var partial = new FileInfo(partialFile);
            long? partialLength = partial.Exists ? partial.Length : null;
            var keep = request.Mode switch
            {
                UploadMode.Resume => request.Offset,
                UploadMode.Append => partialLength ?? 0,
                _ => 0,
            };
            if (request.Mode == UploadMode.Resume && keep > (partialLength ?? 0))
            {
                services.Registry.Release(delivered, session.AccountKey);
                return session.RefuseUpload(path, new Refusal(RefusalKind.NotFound, partialLength is null
                    ? $"There is no interrupted upload of {path} to resume at byte {keep}."
                    : $"Cannot resume {path} at byte {keep}: only {partialLength} bytes of it arrived."));
            }

            PartialCreation created;
            lock (services.PartialFolders)
            {
                created = new PartialCreation(!partial.Exists, CreateFolders(System.IO.Path.GetDirectoryName(partialFile)!));
                stream = new FileStream(partialFile, new FileStreamOptions
                {
                    Mode = keep == 0 ? FileMode.Create : FileMode.Open,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    Options = FileOptions.Asynchronous,
                    BufferSize = BufferSize,
                });
            }

            hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            if (keep > 0)
            {
                stream.SetLength(keep);
                await HashExistingAsync(stream, hash, keep, cancellationToken).ConfigureAwait(false);
            }

            return Outcome<IUpload>.Success(new FileUpload(session, path, partialFile, created, delivered, stream, hash, keep, quota));
        }
        catch (Exception e)
        {
            stream?.Dispose();
            hash?.Dispose();
            services.Registry.Release(delivered, session.AccountKey);
            if (e is not (IOException or UnauthorizedAccessException))
            {
                throw;
            }

            LogStorageFailed(session, path, e);
            return session.RefuseUpload(path, StorageUnavailable(path, e));
        }
    }

    public async ValueTask<Outcome<long>> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_state != State.Open)
        {
            return _session.RefuseUpload(Path, NotOpen());
        }

        var maximum = _services.Options.MaxUploadBytes;
        if (data.Length > maximum - Length)
        {
            _state = State.TooLarge;
            return _session.RefuseUpload(Path, new Refusal(RefusalKind.TooLarge, $"{Path} is larger than the maximum upload size of {maximum} bytes."));
        }

        // Charged before the write, so uploads running at once cannot cross the quota together. The part that fits is
        // written and kept, so the quota ends used to the byte and later uploads are refused before any data moves.
        var withinQuota = _quota.Charge(data.Length);
        var overQuota = withinQuota < data.Length;
        data = data[..withinQuota];
        try
        {
            await _stream!.WriteAsync(data, cancellationToken).ConfigureAwait(false);
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

        _hash.AppendData(data.Span);
        Length += data.Length;
        if (overQuota)
        {
            _state = State.OverQuota;
            return _session.RefuseUpload(Path, _quota.Exceeded(Path));
        }

        return Outcome<long>.Success(Length);
    }

    public Outcome<VirtualPath> Rename(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_state != State.Open)
        {
            return _session.RefuseUpload(Path, NotOpen());
        }

        if (path.Equals(Path))
        {
            return Outcome<VirtualPath>.Success(path);
        }

        if (!path.Parent.Equals(Path.Parent))
        {
            return _session.RefuseUpload(path, new Refusal(RefusalKind.PermissionDenied, $"{Path} can only be renamed within {Path.Parent}."));
        }

        var target = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_deliveredFile)!, path.Name);
        if (Exists(target))
        {
            return _session.RefuseUpload(path, AlreadyDelivered(path.Name));
        }

        if (target != _startedAs && !_services.Registry.TryAcquire(target, _session.AccountKey))
        {
            return _session.RefuseUpload(path, new Refusal(RefusalKind.Unavailable, $"An upload of {path} is already in progress."));
        }

        ReleaseRenamedTarget();
        _deliveredFile = target;
        Path = path;
        return Outcome<VirtualPath>.Success(path);
    }

    public async ValueTask<Outcome<long>> FlushAsync(CancellationToken cancellationToken)
    {
        if (_state != State.Open)
        {
            return _session.RefuseUpload(Path, NotOpen());
        }

        var failure = await FlushToDiskAsync(cancellationToken).ConfigureAwait(false);
        return failure is null ? Outcome<long>.Success(Length) : failure;
    }

    public async ValueTask<Outcome<Receipt>> CommitAsync(CancellationToken cancellationToken)
    {
        if (_state != State.Open)
        {
            return _session.RefuseUpload(Path, NotOpen());
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
        var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
        var moved = Deliver();
        if (moved is not null)
        {
            return _session.RefuseUpload(Path, moved);
        }

        _state = State.Committed;
        Release();
        var completed = _services.Time.GetUtcNow();
        var principal = _session.Principal;
        var context = _session.Context;
        var route = FileNameRouter.Classify(Path.Name);
        var receipt = new Receipt(
            Path.Value,
            Length,
            sha256,
            principal.IsAnonymous ? principal.AnonymousEmail ?? principal.Name : principal.Name,
            principal.IsAnonymous,
            context.Site,
            context.Protocol,
            ClientAddress(context),
            context.SessionId,
            _started,
            completed,
            route);
        _session.RecordDelivered(Path, Length, completed);
        UploadLog.Delivered(_services.Logger, Path.Value, Length, sha256, route.ToString(), principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        try
        {
            // The file is delivered now; its receipt must be written even if the client has gone.
            await _services.Receipts.AppendAsync(receipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            UploadLog.ReceiptFailed(_services.Logger, e, Path.Value, sha256, principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        }

        return Outcome<Receipt>.Success(receipt);
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
    private Refusal StorageFailed(IOException e)
    {
        _state = State.Failed;
        LogStorageFailed(_session, Path, e);
        return _session.RefuseUpload(Path, StorageUnavailable(Path, e));
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
                File.Delete(_partialFile);
            }
            else if (_state != State.Committed && _created.NewFile && Length == 0)
            {
                // No byte arrived (an FTP data connection that never came): a resume could gain nothing from it.
                RemoveCreatedPartial();
            }
            else if (_state != State.Committed && File.Exists(_partialFile))
            {
                var context = _session.Context;
                UploadLog.KeptPartial(_services.Logger, Path.Value, new FileInfo(_partialFile).Length, _session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogStorageFailed(_session, Path, e);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Creates the missing folders of <paramref name="directory"/> and returns those it created, deepest first.</summary>
    private static string[] CreateFolders(string directory)
    {
        var missing = new List<string>();
        for (var folder = directory; folder is not null && !Directory.Exists(folder); folder = System.IO.Path.GetDirectoryName(folder))
        {
            missing.Add(folder);
        }

        Directory.CreateDirectory(directory);
        return [.. missing];
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static Refusal AlreadyDelivered(string name) =>
        new(RefusalKind.AlreadyExists, $"{name} already exists; delivered files are never overwritten, choose another name.");

    private static Refusal StorageUnavailable(VirtualPath path, Exception e) => IsDiskFull(e)
        ? new(RefusalKind.InsufficientStorage, $"The server has no room left to store {path}; please try again later.")
        : new(RefusalKind.Unavailable, $"The server could not store {path}; please try again later.");

    /// <summary>ENOSPC on Unix (the HResult .NET gives is the errno); ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(Exception e) => e.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027);

    private static string ClientAddress(SessionContext context)
    {
        var address = context.RemoteEndPoint.Address;
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static void LogStorageFailed(DropBoxSession session, VirtualPath path, Exception e) =>
        UploadLog.StorageFailed(session.Services.Logger, e, path.Value, session.Principal.Name, session.Context.SessionId, session.Context.Site, session.Context.Protocol, session.Context.RemoteEndPoint);

    /// <summary>Reads back the kept part of a partial so the hash covers the whole file.</summary>
    private static async ValueTask HashExistingAsync(FileStream stream, IncrementalHash hash, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            stream.Position = 0;
            var remaining = length;
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"{stream.Name} ended before byte {length}.");
                }

                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Moves the partial to the final name without replacing anything; null when delivered.</summary>
    private Refusal? Deliver()
    {
        if (Exists(_deliveredFile))
        {
            return AlreadyDelivered(Path.Name);
        }

        try
        {
            // On Unix a move without overwrite is a hard link plus unlink, which fails if the name appeared meanwhile.
            File.Move(_partialFile, _deliveredFile, overwrite: false);
            return null;
        }
        catch (IOException) when (Exists(_deliveredFile))
        {
            return AlreadyDelivered(Path.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogStorageFailed(_session, Path, e);
            return StorageUnavailable(Path, e);
        }
    }

    /// <summary>
    /// Deletes the empty partial file and the folders this upload created for it, unless another upload has put
    /// something there meanwhile; under the lock that keeps a starting upload from losing its folder.
    /// </summary>
    private void RemoveCreatedPartial()
    {
        lock (_services.PartialFolders)
        {
            File.Delete(_partialFile);
            foreach (var folder in _created.Folders)
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    break;
                }

                Directory.Delete(folder);
            }
        }

        var context = _session.Context;
        UploadLog.DiscardedEmptyPartial(_services.Logger, Path.Value, _session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
    }

    private Refusal NotOpen() => _state switch
    {
        State.Committed => new Refusal(RefusalKind.Unavailable, $"{Path} has already been delivered."),
        State.TooLarge => new Refusal(RefusalKind.TooLarge, $"{Path} exceeded the maximum upload size and cannot be delivered."),
        State.OverQuota => _quota.Exceeded(Path),
        _ => new Refusal(RefusalKind.Unavailable, $"The upload of {Path} failed and cannot be delivered; resume it or start again."),
    };

    private void Release()
    {
        if (!_released)
        {
            _released = true;
            ReleaseRenamedTarget();
            _services.Registry.Release(_startedAs, _session.AccountKey);
        }
    }

    private void ReleaseRenamedTarget()
    {
        if (_deliveredFile != _startedAs)
        {
            _services.Registry.Release(_deliveredFile, _session.AccountKey);
        }
    }
}
