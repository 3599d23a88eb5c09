using System.Runtime.ExceptionServices;
using EcurepServer.Connections;
using EcurepServer.Core;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Uploads;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Data;

/// <summary>
/// Receives one upload. The file is committed (delivered) and 226 sent only when the data stream ended on
/// purpose (for TLS: with close_notify) and the control connection is still open; otherwise the upload is
/// disposed, which keeps the bytes aside as a partial and delivers nothing.
/// </summary>
internal static class UploadRunner
{
    private enum Ending
    {
        Complete,
        Truncated,
        Refused,
        Stalled,
        Stopped,
        Broken,

        /// <summary>A fault rule ended the upload and has answered (or hung up) itself.</summary>
        Faulted,
    }

    private const FaultActionKind AfterBytesActions = FaultActionKind.Reply | FaultActionKind.Delay | FaultActionKind.Disconnect
        | FaultActionKind.ResetData | FaultActionKind.Throttle | FaultActionKind.DiskFull;

    public static async Task RunAsync(FtpSession session, ActiveTransfer transfer, IUpload upload, string openingText, string completeText)
    {
        await using (upload.ConfigureAwait(false))
        {
            var data = await session.OpenDataConnectionAsync(openingText, transfer).ConfigureAwait(false);
            if (data is null)
            {
                FtpLog.UploadNotDelivered(session.Logger, upload.Path.Value, "no data connection", upload.Length);
                return;
            }

            var (ending, refusal) = await ReceiveAsync(session, transfer, data, upload).ConfigureAwait(false);
            if (ending != Ending.Complete)
            {
                await data.DisposeAsync().ConfigureAwait(false);
                session.DataConnectionEnded(transfer, ending == Ending.Stopped ? FtpSession.StopName(transfer.StopReason) : ending.ToString().ToLowerInvariant());
                if (ending is Ending.Truncated or Ending.Broken)
                {
                    session.TransferInterrupted();
                }

                await ReportFailureAsync(session, transfer, upload, ending, refusal).ConfigureAwait(false);
                return;
            }

            await data.CloseAsync(session.Time).ConfigureAwait(false);
            session.DataConnectionEnded(transfer, "complete");
            var settle = data.IsProtected ? TimeSpan.Zero : session.Options.ControlCloseSettleTime;
            if (transfer.Token.IsCancellationRequested || !await session.ControlStillOpenAsync(settle).ConfigureAwait(false))
            {
                FtpLog.UploadNotDelivered(session.Logger, upload.Path.Value, "control connection closed before commit", upload.Length);
                session.TransferInterrupted();
                await session.ReplyStoppedAsync(transfer).ConfigureAwait(false);
                return;
            }

            // Not cancellable: once started, the commit must finish or fail as a whole inside Core.
            var committed = await upload.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            if (!committed.Succeeded)
            {
                await session.RefuseAsync("STOR", committed.Refusal, storing: true).ConfigureAwait(false);
                return;
            }

            Delivered(session, committed.Value);
            await session.ReplyAsync(226, completeText).ConfigureAwait(false);
        }
    }

    private static void Delivered(FtpSession session, Receipt receipt) =>
        FtpLog.UploadDelivered(session.Logger, receipt.Path, receipt.Size, receipt.Sha256);

    /// <summary>
    /// Receives the data in chunks of up to the transfer buffer's size, each filled from as many reads as the data
    /// received allows, and written while the next one, already received, is decrypted. Pacing and stall detection follow every read;
    /// refusals and after-bytes faults follow every chunk written. Bytes that arrived before the stream failed are
    /// still written, so a resume starts after them.
    /// </summary>
    private static async Task<(Ending Ending, Refusal? Refusal)> ReceiveAsync(
        FtpSession session, ActiveTransfer transfer, DataConnection data, IUpload upload)
    {
        using var stall = new TimeoutSource(session.Time, session.Options.DataTimeout, transfer.Token);
        var throttle = new UploadThrottle(session.Time);
        Func<int, ValueTask> afterRead = async read =>
        {
            transfer.Add(read);
            await throttle.PaceAsync(session.UploadBytesPerSecond, read, transfer.Token).ConfigureAwait(false);
            stall.Restart(session.Options.DataTimeout);
        };
        var writer = new ChunkWriter(upload, session.Options.TransferBufferBytes);
        try
        {
            while (true)
            {
                // The next chunk is received while the last is written only when its data is here already: a refusal
                // or a fault after the last chunk never waits for a client that sends no more.
                if (!data.HasReceivedData() && await FinishWriteAsync(session, data, upload, writer).ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }

                var chunk = await ChunkFiller.FillAsync(data.Stream, writer.FreeBuffer, data.HasReceivedData, afterRead, stall.Token).ConfigureAwait(false);
                if (await FinishWriteAsync(session, data, upload, writer).ConfigureAwait(false) is { } ended)
                {
                    return ended;
                }

                if (chunk.Count > 0)
                {
                    writer.Start(chunk.Count, chunk.Failure is null ? transfer.Token : CancellationToken.None);
                }

                if (chunk.Failure is not null || chunk.Ended)
                {
                    if (await FinishWriteAsync(session, data, upload, writer).ConfigureAwait(false) is { } last)
                    {
                        return last;
                    }

                    if (chunk.Failure is { } failure)
                    {
                        ExceptionDispatchInfo.Throw(failure);
                    }

                    return (data.EndedCleanly ? Ending.Complete : Ending.Truncated, null);
                }
            }
        }
        catch (OperationCanceledException) when (stall.TimedOut)
        {
            return (Ending.Stalled, null);
        }
        catch (OperationCanceledException)
        {
            return (Ending.Stopped, null);
        }
        catch (IOException)
        {
            return (Ending.Broken, null);
        }
        finally
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the chunk being written; the ending when its refusal or an after-bytes fault ends the upload.</summary>
    private static async Task<(Ending, Refusal?)?> FinishWriteAsync(FtpSession session, DataConnection data, IUpload upload, ChunkWriter writer)
    {
        if (await writer.FinishAsync().ConfigureAwait(false) is not { } written)
        {
            return null;
        }

        if (written.Refusal is { } refusal)
        {
            return (Ending.Refused, refusal);
        }

        return await session.FaultAfterBytesAsync(written.Before, written.After, AfterBytesActions, CancellationToken.None).ConfigureAwait(false) is { } fault
            ? await AfterBytesAsync(session, data, upload, fault).ConfigureAwait(false)
            : null;
    }

    /// <summary>Carries out an after-bytes fault; the ending when it ends the upload, null when the upload goes on.</summary>
    private static async Task<(Ending, Refusal?)?> AfterBytesAsync(FtpSession session, DataConnection data, IUpload upload, FaultFiring fault)
    {
        switch (fault.Action.Kind)
        {
            case FaultActionKind.DiskFull:
                return (Ending.Refused, FaultRefusals.DiskFull(upload.Path.Value));
            case FaultActionKind.ResetData:
                await data.ResetAsync().ConfigureAwait(false);
                return (Ending.Broken, null);
            case FaultActionKind.Reply or FaultActionKind.Disconnect:
                await data.DisposeAsync().ConfigureAwait(false);
                await FtpFaults.ApplyAsync(session, fault).ConfigureAwait(false);
                return (Ending.Faulted, null);
            default:
                await FtpFaults.ApplyAsync(session, fault).ConfigureAwait(false);
                return null;
        }
    }

    private static Task ReportFailureAsync(FtpSession session, ActiveTransfer transfer, IUpload upload, Ending ending, Refusal? refusal)
    {
        var reason = ending switch
        {
            Ending.Truncated => "TLS data stream ended without close_notify",
            Ending.Refused => refusal!.Message,
            Ending.Stalled => "data connection stalled",
            Ending.Faulted => "a fault rule ended it",
            Ending.Stopped => transfer.StopReason.ToString(),
            _ => "data connection broken",
        };
        FtpLog.UploadNotDelivered(session.Logger, upload.Path.Value, reason, upload.Length);
        return ending switch
        {
            Ending.Refused => session.RefuseAsync("STOR", refusal!, storing: true),
            Ending.Stalled => session.ReplyAsync(426, session.Texts.TransferStalled),
            Ending.Faulted => Task.CompletedTask,
            _ => session.ReplyStoppedAsync(transfer),
        };
    }
}
