using System.Buffers;
using EcurepServer.Sftp.Handles;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>The OpenSSH extensions this server offers in VERSION and answers in SSH_FXP_EXTENDED.</summary>
internal static class ExtensionHandlers
{
    private const ulong BlockSize = 4096;
    private const ulong MaxNameBytes = 255;

    private static readonly Dictionary<string, RequestHandler> Extensions = new(StringComparer.Ordinal)
    {
        ["limits@openssh.com"] = new("limits@openssh.com", Writes: false, LimitsAsync),
        ["fsync@openssh.com"] = new("fsync@openssh.com", Writes: false, FsyncAsync),
        ["posix-rename@openssh.com"] = new("posix-rename@openssh.com", Writes: true, RenameHandler.RenameAsync),
        ["statvfs@openssh.com"] = new("statvfs@openssh.com", Writes: false, StatvfsAsync),
    };

    /// <summary>Names and versions as OpenSSH's sftp-server announces them.</summary>
    public static IReadOnlyList<(string Name, string Data)> Advertised { get; } =
    [
        ("posix-rename@openssh.com", "1"),
        ("statvfs@openssh.com", "2"),
        ("fsync@openssh.com", "1"),
        ("limits@openssh.com", "1"),
    ];

    public static ValueTask ExtendedAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var request = ExtendedRequest.Decode(body);
        if (!Extensions.TryGetValue(request.Name, out var extension))
        {
            connection.Replies.Status(id, StatusCode.OpUnsupported, $"The extension {request.Name} is not supported.");
            return ValueTask.CompletedTask;
        }

        if (extension.Writes && connection.Options.ReadOnly)
        {
            connection.Replies.Status(id, StatusCode.PermissionDenied, $"{extension.Name} is refused: this server is read-only.");
            return ValueTask.CompletedTask;
        }

        return extension.Handle(connection, id, request.Body, cancellationToken);
    }

    /// <summary>Packet, read and write sizes as OpenSSH derives them; 0 open handles means "no limit to plan for".</summary>
    private static ValueTask LimitsAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var options = connection.Options;
        connection.Replies.ExtendedReply(id, [(ulong)options.MaxMessageBytes, (ulong)options.MaxDataBytes, (ulong)options.MaxDataBytes, 0]);
        return ValueTask.CompletedTask;
    }

    /// <summary>An upload's bytes so far go to disk (they survive a crash and can be resumed); other handles have nothing to flush.</summary>
    private static async ValueTask FsyncAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        switch (connection.Handles.Find<SftpHandle>(HandleRequest.Decode(body).Handle))
        {
            case null:
                connection.InvalidHandle(id);
                break;
            case UploadHandle upload when await upload.FlushAsync(cancellationToken).ConfigureAwait(false) is { } failure:
                connection.Reply(id, failure);
                break;
            default:
                connection.Ok(id);
                break;
        }
    }

    /// <summary>
    /// What this principal may upload, for <c>df</c>, not the host's disk: the size is its daily quota (without one, the
    /// maximum upload size), the free space what is left of it today, the available space the largest upload now.
    /// </summary>
    private static async ValueTask StatvfsAsync(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        var resolved = connection.Resolve(PathRequest.Decode(body).Path);
        if (!resolved.Succeeded)
        {
            connection.Reply(id, StatusReply.From(resolved.Refusal));
            return;
        }

        var stat = connection.Session.Stat(resolved.Value);
        if (!stat.Succeeded)
        {
            connection.Reply(id, StatusReply.From(stat.Refusal));
            return;
        }

        var allowance = await connection.Session.AllowanceAsync(cancellationToken).ConfigureAwait(false);
        ulong[] values =
        [
            BlockSize, BlockSize, Blocks(allowance.QuotaBytesPerDay ?? allowance.MaxUploadBytes),
            Blocks(allowance.RemainingToday ?? allowance.MaxUploadBytes), Blocks(allowance.LargestUpload),
            0, 0, 0, 0, 0, MaxNameBytes,
        ];
        connection.Replies.ExtendedReply(id, values);
    }

    private static ulong Blocks(long bytes) => (ulong)bytes / BlockSize;
}
