using System.Diagnostics;
using System.Text;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Events;
using Polly;
using Polly.Retry;

namespace EcurepServer.Events;

/// <summary>
/// Runs the sink's program (no shell) with the receipt JSON on standard input and the event in its environment:
/// ECUREP_EVENT_ID, ECUREP_EVENT_KIND, ECUREP_FILE (the delivered file's full path), ECUREP_SITE. Exit 0 confirms
/// the event; another exit code, or a run longer than the sink's Timeout (the process tree is killed), is a failure
/// retried like a webhook's. Its output is read and dropped, but for the end of standard error in the failure.
/// </summary>
internal sealed class CommandSink : IEventSink
{
    private const int KeptErrorChars = 512;

    private readonly EventSinkOptions _options;
    private readonly ResiliencePipeline _retry;

    public CommandSink(EventSinkOptions options, EventOptions events, EventLog log)
    {
        _options = options;
        var retry = new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException) };
        EventRetry.Configure(retry, events, log.AttemptFailed);
        _retry = new ResiliencePipelineBuilder().AddRetry(retry).Build();
    }

    public Task DeliverAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(token => RunAsync(outboxEvent, token), cancellationToken).AsTask();

    private async ValueTask RunAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_options.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _options.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ECUREP_EVENT_ID"] = outboxEvent.Id;
        start.Environment["ECUREP_EVENT_KIND"] = outboxEvent.Kind;
        start.Environment["ECUREP_FILE"] = outboxEvent.DeliveredFile;
        start.Environment["ECUREP_SITE"] = outboxEvent.Receipt.Site;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{_options.Command} did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        var error = TailAsync(process.StandardError);
        try
        {
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(EventOutbox.Body(outboxEvent.Receipt), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program did not read its input; its exit code tells whether it took the event.
            }

            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"{_options.Command} ran longer than {_options.Timeout} and was killed");
        }

        try
        {
            // A child the program left behind may hold its output open; the run's timeout bounds the wait.
            await Task.WhenAll(output, error).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        var tail = error.IsCompletedSuccessfully ? error.Result : "";
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{_options.Command} exited with {process.ExitCode}{(tail.Length > 0 ? ": " + tail : "")}");
        }
    }

    /// <summary>The last characters the program wrote to standard error, on one line.</summary>
    private static async Task<string> TailAsync(StreamReader reader)
    {
        var tail = new StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > KeptErrorChars)
            {
                tail.Remove(0, tail.Length - KeptErrorChars);
            }
        }

        return Logging.PrintableText.Escape(tail.ToString().Trim());
    }
}
