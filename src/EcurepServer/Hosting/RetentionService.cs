using EcurepServer.Core.Retention;
using EcurepServer.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting;

/// <summary>Runs a retention sweep at start and then every <c>DropBox:RetentionSweepInterval</c>; a failed sweep is logged and retried at the next.</summary>
public sealed partial class RetentionService(RetentionSweeper sweeper, TimeProvider timeProvider, ILogger<RetentionService> logger, ServerGauges? gauges = null) : BackgroundService
{
    private static readonly RetentionSweep Nothing = new(0, 0, 0, 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            await SweepAsync(stoppingToken);
            try
            {
                await Task.Delay(sweeper.Interval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep: {DeletedFiles} delivered files, {DeletedPartials} interrupted uploads and {DeletedTranscripts} session transcripts deleted, {MarkedGone} receipts of vanished files marked, {LeftAlone} expired files without a matching receipt left alone")]
    private static partial void LogSwept(ILogger logger, int deletedFiles, int deletedPartials, int deletedTranscripts, int markedGone, int leftAlone);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention sweep failed; trying again in {Interval}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan interval);

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            var sweep = await sweeper.SweepAsync(stoppingToken);
            gauges?.RetentionDeleted(sweep.DeletedFiles, sweep.DeletedPartials, sweep.DeletedTranscripts);
            if (sweep != Nothing)
            {
                LogSwept(logger, sweep.DeletedFiles, sweep.DeletedPartials, sweep.DeletedTranscripts, sweep.MarkedGone, sweep.LeftAlone);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the delay that follows ends the loop.
        }
        catch (Exception exception)
        {
            // Retention must never take the server down.
            LogFailed(logger, exception, sweeper.Interval);
        }
    }
}
