using System.Buffers;
using EcurepServer.Core.Faults;
using EcurepServer.Sftp.Handles;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>
/// Carries out fault rules at each SFTP request (named as in the protocol, in lower case: open, write, close,
/// rename, realpath, ...) and as an upload grows (after-bytes N). A fault that answers a request of an upload
/// fails that upload: it is never delivered, and its partial stays for a resume.
/// </summary>
internal static class SftpFaults
{
    private const FaultActionKind Everywhere = FaultActionKind.Reply | FaultActionKind.Delay | FaultActionKind.Disconnect
        | FaultActionKind.ResetData | FaultActionKind.Throttle | FaultActionKind.CorruptReply;

    private const FaultActionKind AfterBytes = Everywhere & ~FaultActionKind.CorruptReply | FaultActionKind.DiskFull;

    /// <summary>True when a fault answered the request in the handler's place (or ended the session).</summary>
    public static async ValueTask<bool> AtRequestAsync(
        SftpConnection connection, uint id, RequestHandler handler, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var storing = handler.Name is "OPEN" or "WRITE" or "CLOSE";
        var supported = Everywhere | (storing ? FaultActionKind.DiskFull : FaultActionKind.None);
        if (await connection.FaultAsync(handler.Name.ToLowerInvariant(), supported, cancellationToken).ConfigureAwait(false) is not { } firing)
        {
            return false;
        }

        var upload = handler.Name is "WRITE" or "CLOSE" or "FSETSTAT" ? UploadOf(connection, body) : null;
        var path = handler.Name == "OPEN" ? OpenedPath(connection, body) : upload?.Path.Value;
        return await ApplyAsync(connection, id, firing.Action, upload, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when an after-bytes fault answered this WRITE (or ended the session).</summary>
    public static async ValueTask<bool> AfterBytesAsync(
        SftpConnection connection, uint id, UploadHandle upload, long before, CancellationToken cancellationToken)
    {
        if (await connection.FaultAfterBytesAsync(before, upload.Size, AfterBytes, cancellationToken).ConfigureAwait(false) is not { } firing)
        {
            return false;
        }

        var handled = await ApplyAsync(connection, id, firing.Action, upload, upload.Path.Value, cancellationToken).ConfigureAwait(false);
        if (!handled)
        {
            connection.Ok(id);
            handled = true;
        }

        return handled;
    }

    private static async ValueTask<bool> ApplyAsync(
        SftpConnection connection, uint id, FaultAction action, UploadHandle? upload, string? path, CancellationToken cancellationToken)
    {
        switch (action.Kind)
        {
            case FaultActionKind.Delay:
                await Task.Delay(action.Duration, connection.Time, cancellationToken).ConfigureAwait(false);
                return false;
            case FaultActionKind.Throttle:
                connection.UploadBytesPerSecond = action.BytesPerSecond;
                return false;
            case FaultActionKind.Reply:
                var status = new StatusReply((StatusCode)action.Code, action.ReplyText);
                if (status.Code != StatusCode.Ok)
                {
                    upload?.Fail(status);
                }

                connection.Reply(id, status);
                return true;
            case FaultActionKind.DiskFull:
                var full = StatusReply.From(FaultRefusals.DiskFull(path ?? "the file"));
                upload?.Fail(full);
                connection.Reply(id, full);
                return true;
            case FaultActionKind.CorruptReply:
                upload?.Fail(StatusReply.Failure(action.ReplyText));
                connection.Replies.CorruptStatus(id);
                return true;
            default:
                upload?.Fail(StatusReply.Failure(action.ReplyText));
                await connection.EndByFaultAsync(action).ConfigureAwait(false);
                return true;
        }
    }

    private static UploadHandle? UploadOf(SftpConnection connection, ReadOnlySequence<byte> body)
    {
        try
        {
            return connection.Handles.Find<SftpHandle>(HandleRequest.Decode(body).Handle) as UploadHandle;
        }
        catch (RequestException)
        {
            return null;
        }
    }

    private static string? OpenedPath(SftpConnection connection, ReadOnlySequence<byte> body)
    {
        try
        {
            var resolved = connection.Resolve(OpenRequest.Decode(body).Path);
            return resolved.Succeeded ? resolved.Value.Value : null;
        }
        catch (RequestException)
        {
            return null;
        }
    }
}
