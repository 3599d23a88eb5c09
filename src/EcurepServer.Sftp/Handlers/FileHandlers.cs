using System.Buffers;
using System.Runtime.CompilerServices;
using EcurepServer.Core.Tree;
using EcurepServer.Sftp.Handles;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>OPEN, CLOSE, READ, WRITE, FSTAT and FSETSTAT: the requests on file handles.</summary>
internal static class FileHandlers
{
    private const OpenFlags WritingFlags = OpenFlags.Write | OpenFlags.Append | OpenFlags.Create | OpenFlags.Truncate;

    public static async ValueTask OpenAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var request = OpenRequest.Decode(body);
        var resolved = connection.Resolve(request.Path);
        if (!resolved.Succeeded)
        {
            connection.Reply(id, StatusReply.From(resolved.Refusal));
            return;
        }

        if (!connection.HasRoomForHandle)
        {
            connection.Reply(id, TooManyHandles(connection));
            return;
        }

        var path = resolved.Value;
        if ((request.Flags & WritingFlags) == 0)
        {
            var read = connection.Session.OpenRead(path, 0);
            if (read.Succeeded)
            {
                connection.Replies.Handle(id, connection.Handles.Add(new ReadHandle(path, read.Value)));
            }
            else
            {
                connection.Reply(id, StatusReply.From(read.Refusal));
            }

            return;
        }

        if (connection.Options.ReadOnly)
        {
            connection.Replies.Status(id, StatusCode.PermissionDenied, $"{path} cannot be opened for writing: this server is read-only.");
            return;
        }

        var truncate = (request.Flags & OpenFlags.Truncate) != 0;
        var append = (request.Flags & OpenFlags.Append) != 0;
        var opened = await UploadHandle.OpenAsync(connection.Session, path, truncate, append, connection.Budget, connection.Options.MaxWriteOffset, cancellationToken).ConfigureAwait(false);
        if (opened.Succeeded)
        {
            connection.Replies.Handle(id, connection.Handles.Add(opened.Value));
        }
        else
        {
            connection.Reply(id, StatusReply.From(opened.Refusal));
        }
    }

    /// <summary>CLOSE of an upload is where it is delivered; a refusal there means nothing was delivered.</summary>
    public static async ValueTask CloseAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var handle = connection.Handles.Remove(HandleRequest.Decode(body).Handle);
        if (handle is not UploadHandle upload)
        {
            if (handle is null)
            {
                connection.InvalidHandle(id);
                return;
            }

            await handle.DisposeAsync().ConfigureAwait(false);
            connection.Ok(id);
            return;
        }

        if (DeliversOnRename(connection, upload.Path) && upload.CheckComplete() is null && connection.AwaitingRename.TryAdd(upload.Path, upload))
        {
            connection.Ok(id);
            return;
        }

        await DeliverAsync(connection, id, upload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivers a closed upload (Core commit), ends its handle and answers the request that completed it.</summary>
    public static async ValueTask DeliverAsync(SftpConnection connection, uint id, UploadHandle upload, CancellationToken cancellationToken)
    {
        await using (upload.ConfigureAwait(false))
        {
            var committed = await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (committed.Succeeded)
            {
                connection.Ok(id);
            }
            else
            {
                connection.Reply(id, StatusReply.From(committed.Refusal));
            }
        }
    }

    public static async ValueTask ReadAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var request = ReadRequest.Decode(body);
        var handle = connection.Handles.Find<SftpHandle>(request.Handle);
        if (handle is not ReadHandle file)
        {
            if (handle is null)
            {
                connection.InvalidHandle(id);
            }
            else
            {
                connection.Replies.Status(id, StatusCode.PermissionDenied, handle is UploadHandle
                    ? $"{handle.Path} cannot be read: uploads are write-only."
                    : $"{handle.Path} is a directory; use READDIR.");
            }

            return;
        }

        var length = (int)Math.Min(request.Length, (uint)connection.Options.MaxDataBytes);
        var buffer = connection.Replies.GetDataBuffer(length);
        var offset = (long)Math.Min(request.Offset, long.MaxValue);
        var read = await file.ReadAsync(offset, buffer, cancellationToken).ConfigureAwait(false);
        if (read == 0 && length > 0)
        {
            connection.Replies.Status(id, StatusCode.Eof, "End of file.");
            return;
        }

        connection.Replies.CompleteData(id, read);
    }

    /// <summary>The hot path of an upload: pooled state machine, the data handed to Core from the input buffer.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask WriteAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var request = WriteRequest.Decode(body);
        var handle = connection.Handles.Find<SftpHandle>(request.Handle);
        if (handle is not UploadHandle upload)
        {
            if (handle is null)
            {
                connection.InvalidHandle(id);
            }
            else
            {
                connection.Replies.Status(id, StatusCode.PermissionDenied, $"{handle.Path} is not open for writing.");
            }

            return;
        }

        var before = upload.Size;
        var failed = await upload.WriteAsync(request.Offset, request.Data, cancellationToken).ConfigureAwait(false);
        if (failed is null && await SftpFaults.AfterBytesAsync(connection, id, upload, before, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (failed is null)
        {
            connection.Ok(id);
            await connection.Throttle.PaceAsync(connection.UploadBytesPerSecond, request.Data.Length, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            connection.Reply(id, failed);
        }
    }

    public static ValueTask FstatAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var handle = connection.Handles.Find<SftpHandle>(HandleRequest.Decode(body).Handle);
        switch (handle)
        {
            case null:
                connection.InvalidHandle(id);
                break;
            case UploadHandle upload:
                connection.Replies.Attrs(id, UploadAttributes(connection, upload));
                break;
            default:
                var stat = connection.Session.Stat(handle.Path);
                if (stat.Succeeded)
                {
                    connection.Replies.Attrs(id, NodeAttributes.For(stat.Value));
                }
                else
                {
                    connection.Reply(id, StatusReply.From(stat.Refusal));
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    public static ValueTask FsetstatAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var request = FsetstatRequest.Decode(body);
        var handle = connection.Handles.Find<SftpHandle>(request.Handle);
        switch (handle)
        {
            case null:
                connection.InvalidHandle(id);
                break;
            case UploadHandle upload:
                var refused = Attributes.CheckSize(upload.Path, upload.Size, request.Attributes);
                if (refused is null)
                {
                    connection.Ok(id);
                }
                else
                {
                    connection.Reply(id, refused);
                }

                break;
            default:
                connection.Reply(id, Attributes.NotOwnUpload(handle.Path));
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>What STAT shows of an upload not delivered yet: a file of the size written so far.</summary>
    public static SftpAttributes UploadAttributes(SftpConnection connection, UploadHandle upload) =>
        NodeAttributes.For(new NodeInfo(upload.Path, NodeKind.File, NodeAccess.Write, upload.Size, connection.Time.GetUtcNow()));

    public static StatusReply TooManyHandles(SftpConnection connection) =>
        StatusReply.Failure($"Too many open handles (at most {connection.Options.MaxOpenHandles}); close some first.");

    private static bool DeliversOnRename(SftpConnection connection, VirtualPath path)
    {
        foreach (var suffix in connection.Options.DeliverOnRenameSuffixes)
        {
            if (path.Name.Length > suffix.Length && path.Name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
