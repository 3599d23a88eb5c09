using System.Buffers;
using EcurepServer.Core.Tree;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>REALPATH, STAT, LSTAT and SETSTAT: requests on paths. There are no links, so LSTAT is STAT.</summary>
internal static class PathHandlers
{
    /// <summary>Resolves lexically, without requiring the path to exist (clients REALPATH a name before they upload it).</summary>
    public static ValueTask RealpathAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var resolved = connection.Resolve(PathRequest.Decode(body).Path);
        if (resolved.Succeeded)
        {
            var path = resolved.Value.Value;
            connection.Replies.Name(id, [new NameEntry(path, path, SftpAttributes.Empty)]);
        }
        else
        {
            connection.Reply(id, StatusReply.From(resolved.Refusal));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>An upload of this session not delivered yet shows its size so far (paramiko checks it after <c>put</c>).</summary>
    public static ValueTask StatAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var resolved = connection.Resolve(PathRequest.Decode(body).Path);
        if (!resolved.Succeeded)
        {
            connection.Reply(id, StatusReply.From(resolved.Refusal));
            return ValueTask.CompletedTask;
        }

        var upload = connection.FindUpload(resolved.Value);
        if (upload is not null)
        {
            connection.Replies.Attrs(id, FileHandlers.UploadAttributes(connection, upload));
            return ValueTask.CompletedTask;
        }

        var stat = connection.Session.Stat(resolved.Value);
        if (stat.Succeeded)
        {
            connection.Replies.Attrs(id, NodeAttributes.For(stat.Value));
        }
        else
        {
            connection.Reply(id, StatusReply.From(stat.Refusal));
        }

        return ValueTask.CompletedTask;
    }

    public static ValueTask SetstatAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var request = SetstatRequest.Decode(body);
        var resolved = connection.Resolve(request.Path);
        if (!resolved.Succeeded)
        {
            connection.Reply(id, StatusReply.From(resolved.Refusal));
            return ValueTask.CompletedTask;
        }

        var path = resolved.Value;
        var refused = OwnUploadSize(connection, path, out var size) ?? Attributes.CheckSize(path, size, request.Attributes);
        if (refused is null)
        {
            connection.Ok(id);
        }
        else
        {
            connection.Reply(id, refused);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The size of this session's upload at <paramref name="path"/>: open, waiting for RENAME, delivered, or
    /// interrupted earlier. Core shows such files without read access, which tells them from the README.
    /// </summary>
    private static StatusReply? OwnUploadSize(SftpConnection connection, VirtualPath path, out long size)
    {
        size = 0;
        var upload = connection.FindUpload(path);
        if (upload is not null)
        {
            size = upload.Size;
            return null;
        }

        var stat = connection.Session.Stat(path);
        if (!stat.Succeeded)
        {
            return StatusReply.From(stat.Refusal);
        }

        if (stat.Value.IsDirectory || (stat.Value.Access & NodeAccess.Read) != 0)
        {
            return Attributes.NotOwnUpload(path);
        }

        size = stat.Value.Size;
        return null;
    }
}
