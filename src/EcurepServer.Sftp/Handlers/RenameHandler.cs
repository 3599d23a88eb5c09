using System.Buffers;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>
/// RENAME and posix-rename@openssh.com. Only this session's uploads not delivered yet can be renamed, within
/// their directory: an open one is delivered under the new name at its CLOSE, one waiting after CLOSE (WinSCP's
/// <c>name.filepart</c>) is delivered now. Delivered files never change.
/// </summary>
internal static class RenameHandler
{
    public static async ValueTask RenameAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var request = RenameRequest.Decode(body);
        var from = connection.Resolve(request.OldPath);
        if (!from.Succeeded)
        {
            connection.Reply(id, StatusReply.From(from.Refusal));
            return;
        }

        var to = connection.Resolve(request.NewPath);
        if (!to.Succeeded)
        {
            connection.Reply(id, StatusReply.From(to.Refusal));
            return;
        }

        var upload = connection.FindUpload(from.Value);
        if (upload is null)
        {
            var stat = connection.Session.Stat(from.Value);
            connection.Reply(id, stat.Succeeded
                ? new StatusReply(StatusCode.PermissionDenied, $"{from.Value} cannot be renamed: only an upload of this session that is not delivered yet can be, and delivered files never change.")
                : StatusReply.From(stat.Refusal));
            return;
        }

        var renamed = await upload.RenameAsync(to.Value, cancellationToken).ConfigureAwait(false);
        if (!renamed.Succeeded)
        {
            connection.Reply(id, StatusReply.From(renamed.Refusal));
            return;
        }

        if (!connection.AwaitingRename.Remove(from.Value))
        {
            connection.Ok(id);
            return;
        }

        await FileHandlers.DeliverAsync(connection, id, upload, cancellationToken).ConfigureAwait(false);
    }
}
