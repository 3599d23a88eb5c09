using System.Buffers;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Data;

/// <summary>Sends a file or a listing over the data connection, then closes it (close_notify first under TLS) and replies 226.</summary>
internal static class DownloadRunner
{
    public static async Task RunAsync(FtpSession session, ActiveTransfer transfer, Stream source, string name, string openingText)
    {
        await using (source.ConfigureAwait(false))
        {
            var data = await session.OpenDataConnectionAsync(openingText, transfer).ConfigureAwait(false);
            if (data is null)
            {
                return;
            }

            var size = session.Options.TransferBufferBytes;
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            using var stall = new TimeoutSource(session.Time, session.Options.DataTimeout, transfer.Token);
            string? failure = null;
            try
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, size), transfer.Token).ConfigureAwait(false)) > 0)
                {
                    await data.Stream.WriteAsync(buffer.AsMemory(0, read), stall.Token).ConfigureAwait(false);
                    transfer.Add(read);
                    stall.Restart(session.Options.DataTimeout);
                }

                await data.Stream.FlushAsync(stall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stall.TimedOut)
            {
                failure = "data connection stalled";
            }
            catch (OperationCanceledException)
            {
                failure = transfer.StopReason.ToString();
            }
            catch (IOException e)
            {
                failure = e.Message;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (failure is not null)
            {
                await data.DisposeAsync().ConfigureAwait(false);
                session.DataConnectionEnded(transfer, stall.TimedOut ? "stalled" : transfer.Token.IsCancellationRequested ? FtpSession.StopName(transfer.StopReason) : "broken");
                FtpLog.DownloadEnded(session.Logger, name, failure, transfer.Bytes);
                await (stall.TimedOut ? session.ReplyAsync(426, session.Texts.TransferStalled) : session.ReplyStoppedAsync(transfer))
                    .ConfigureAwait(false);
                return;
            }

            await data.CloseAsync(session.Time).ConfigureAwait(false);
            session.DataConnectionEnded(transfer, "complete");
            FtpLog.DownloadEnded(session.Logger, name, "complete", transfer.Bytes);
            await session.ReplyAsync(226, session.Texts.TransferComplete).ConfigureAwait(false);
        }
    }
}
