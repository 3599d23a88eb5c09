using System.Buffers;
using EcurepServer.Sftp.Handles;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>OPENDIR and READDIR. Core decides what may be listed; a write-only product directory is refused.</summary>
internal static class DirectoryHandlers
{
    public static ValueTask OpendirAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var resolved = connection.Resolve(PathRequest.Decode(body).Path);
        if (!resolved.Succeeded)
        {
            connection.Reply(id, StatusReply.From(resolved.Refusal));
            return ValueTask.CompletedTask;
        }

        if (!connection.HasRoomForHandle)
        {
            connection.Reply(id, FileHandlers.TooManyHandles(connection));
            return ValueTask.CompletedTask;
        }

        var listed = connection.Session.List(resolved.Value);
        if (listed.Succeeded)
        {
            connection.Replies.Handle(id, connection.Handles.Add(new DirectoryHandle(resolved.Value, listed.Value)));
        }
        else
        {
            connection.Reply(id, StatusReply.From(listed.Refusal));
        }

        return ValueTask.CompletedTask;
    }

    public static ValueTask ReaddirAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var directory = connection.Handles.Find<DirectoryHandle>(HandleRequest.Decode(body).Handle);
        if (directory is null)
        {
            connection.InvalidHandle(id);
            return ValueTask.CompletedTask;
        }

        var batch = directory.Next(connection.Options.MaxDirectoryEntriesPerReply);
        if (batch.Count == 0)
        {
            connection.Replies.Status(id, StatusCode.Eof, "No more entries.");
        }
        else
        {
            connection.Replies.Name(id, batch.Select(NodeAttributes.Entry).ToArray());
        }

        return ValueTask.CompletedTask;
    }
}
