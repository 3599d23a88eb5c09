using System.Buffers;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>REMOVE, MKDIR, RMDIR, SYMLINK and READLINK: the drop box's tree is fixed and its files are never deleted.</summary>
internal static class RefusedHandlers
{
    public static ValueTask RemoveAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var resolved = connection.Resolve(PathRequest.Decode(body).Path);
        if (!resolved.Succeeded)
        {
            return Refuse(connection, id, StatusReply.From(resolved.Refusal));
        }

        var stat = connection.Session.Stat(resolved.Value);
        return stat.Succeeded
            ? Refuse(connection, id, new StatusReply(StatusCode.PermissionDenied, $"{resolved.Value} cannot be removed: the drop box never deletes or overwrites files."))
            : Refuse(connection, id, StatusReply.From(stat.Refusal));
    }

    public static ValueTask MkdirAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken) =>
        Refuse(connection, id, new StatusReply(StatusCode.PermissionDenied, "Directories cannot be created; upload files into one of the product directories under /toibm."));

    public static ValueTask RmdirAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken) =>
        Refuse(connection, id, new StatusReply(StatusCode.PermissionDenied, "Directories cannot be removed."));

    public static ValueTask SymlinkAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken) =>
        Refuse(connection, id, new StatusReply(StatusCode.PermissionDenied, "Symbolic links cannot be created in the drop box."));

    public static ValueTask ReadlinkAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken) =>
        Refuse(connection, id, new StatusReply(StatusCode.OpUnsupported, "There are no symbolic links in the drop box."));

    private static ValueTask Refuse(SftpConnection connection, uint id, StatusReply status)
    {
        connection.Reply(id, status);
        return ValueTask.CompletedTask;
    }
}
