using EcurepServer.Core.Faults;
using EcurepServer.Core.Transcripts;
using EcurepServer.Ftp.Commands;

namespace EcurepServer.Ftp.Session;

/// <summary>
/// Carries out fault rules at the FTP session's points: connect, tls-handshake, login and each command. The
/// after-bytes point is the upload runner's.
/// </summary>
internal static class FtpFaults
{
    /// <summary>What a session can do at any point where it would send a reply.</summary>
    public const FaultActionKind AtReplyPoint =
        FaultActionKind.Reply | FaultActionKind.Delay | FaultActionKind.Disconnect | FaultActionKind.Throttle | FaultActionKind.CorruptReply;

    /// <summary>True when a fault took the banner's place (or ended the session).</summary>
    public static async Task<bool> AtConnectAsync(FtpSession session)
    {
        if (await session.FaultAsync(FaultPoint.Connect, AtReplyPoint).ConfigureAwait(false) is not { } firing)
        {
            return false;
        }

        var handled = await ApplyAsync(session, firing).ConfigureAwait(false);
        if (handled && firing.Action is { Kind: FaultActionKind.Reply, Code: >= 400 })
        {
            session.RequestClose(EndReasons.InjectedFault, firing.RuleId);
        }

        return handled;
    }

    /// <summary>True when a fault took the command's place: the command is not carried out.</summary>
    public static async Task<bool> AtCommandAsync(FtpSession session, FtpCommandHandler handler, string argument)
    {
        var uploads = handler is UploadCommandBase;
        var supported = AtReplyPoint | (uploads ? FaultActionKind.DiskFull : FaultActionKind.None);
        if (await session.FaultAsync(handler.Verb, supported).ConfigureAwait(false) is not { } firing)
        {
            return false;
        }

        if (firing.Action.Kind == FaultActionKind.DiskFull)
        {
            var path = session.DropBox?.Resolve(session.CurrentDirectory, argument) is { Succeeded: true } resolved ? resolved.Value.Value : argument;
            await session.RefuseAsync(handler.Verb, FaultRefusals.DiskFull(path), storing: true).ConfigureAwait(false);
        }
        else if (!await ApplyAsync(session, firing).ConfigureAwait(false))
        {
            return false;
        }

        // The announced data channel stays until the next PASV/EPSV or its accept timeout: clients such as curl connect
        // to it right after sending STOR, and one that finds it closed takes the reply for the answer to a PASV of its own.
        return true;
    }

    /// <summary>
    /// Carries out the actions every point shares. True when the fault answered in the server's place (a reply,
    /// a corrupt reply, a disconnect); false when the session goes on (after a delay, with a throttle).
    /// </summary>
    public static async Task<bool> ApplyAsync(FtpSession session, FaultFiring firing)
    {
        var action = firing.Action;
        switch (action.Kind)
        {
            case FaultActionKind.Delay:
                await Task.Delay(action.Duration, session.Time).ConfigureAwait(false);
                return false;
            case FaultActionKind.Throttle:
                session.UploadBytesPerSecond = action.BytesPerSecond;
                return false;
            case FaultActionKind.Reply:
                await session.ReplyAsync(action.Code, action.ReplyText).ConfigureAwait(false);
                return true;
            case FaultActionKind.CorruptReply:
                await session.Control.SendTextAsync(CorruptLine(action), CancellationToken.None).ConfigureAwait(false);
                return true;
            case FaultActionKind.Disconnect:
                session.Disconnect(action.Graceful);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A line no FTP client can parse as a reply: it starts with no three-digit code.</summary>
    private static string CorruptLine(FaultAction action) => $"?? {action.ReplyText}\r\n";
}
