using System.CommandLine;
using EcurepServer.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Cli;

/// <summary>"run": starts every enabled listener and serves until SIGTERM or Ctrl+C.</summary>
public static partial class RunCommand
{
    /// <summary>"run" with its options; the root command shares <paramref name="readyFile"/>, as it runs the server too.</summary>
    public static Command Create(CliContext context, IReadOnlyList<string> overrides, Option<string?> readyFile)
    {
        var command = new Command("run", "Start the server (the default when no verb is given).") { readyFile };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(context, WithReadyFile(context, overrides, parseResult.GetValue(readyFile)), cancellationToken));
        return command;
    }

    public static Option<string?> ReadyFileOption() => new("--ready-file")
    {
        Description = "Write a JSON file with the process id, each site's actual ports and the fingerprints once every listener accepts; removed on stop (EcurepServer:ReadyFile).",
        HelpName = "PATH",
    };

    /// <summary>--ready-file names a file relative to the current directory, as every file given to a verb; it wins over the configuration.</summary>
    private static IReadOnlyList<string> WithReadyFile(CliContext context, IReadOnlyList<string> overrides, string? readyFile) =>
        readyFile is null
            ? overrides
            : [.. overrides, $"--{Settings.EcurepServerOptions.SectionName}:ReadyFile={Path.GetFullPath(readyFile, context.CurrentDirectory)}"];

    private static async Task<int> RunAsync(CliContext context, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        using var check = await StartupCheck.RunAsync(context.WorkingDirectory, overrides, StartupCheckMode.Start, cancellationToken);
        if (!check.Passed)
        {
            await ConfigurationReport.WriteAsync(context.Error, check);
            return ExitCodes.Error;
        }

        var host = check.Host!;
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunCommand).FullName!);
        foreach (var renamed in check.RenamedKeys)
        {
            LogRenamedKey(logger, renamed.FormerKey, renamed.Key);
        }

        foreach (var unknown in check.UnknownKeys)
        {
            if (unknown.Suggestion is null)
            {
                LogUnknownKey(logger, unknown.Key);
            }
            else
            {
                LogUnknownKeyWithSuggestion(logger, unknown.Key, unknown.Suggestion);
            }
        }

        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The host's own report of this failure carries the stack trace and is kept off the console (see SerilogSetup).
            LogStartFailed(logger, exception);
            await (exception is OptionsValidationException invalid
                ? ConfigurationReport.WriteAsync(context.Error, invalid.Failures)
                : context.Error.WriteLineAsync($"Cannot start: {exception.Message}"));
            await StopAfterFailedStartAsync(host, logger);
            return ExitCodes.Error;
        }

        await host.WaitForShutdownAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    /// <summary>Stops whatever had started before the failure, so no listener outlives the exit.</summary>
    private static async Task StopAfterFailedStartAsync(IHost host, ILogger logger)
    {
        try
        {
            await host.StopAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A host that failed before it knew its services cannot stop them; there is nothing left to stop.
            LogStopAfterFailureFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration key {FormerKey} is now named {Key}; its settings still apply where the new key does not set them")]
    private static partial void LogRenamedKey(ILogger logger, string formerKey, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown configuration key {Key} is ignored")]
    private static partial void LogUnknownKey(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown configuration key {Key} is ignored; did you mean {Suggestion}?")]
    private static partial void LogUnknownKeyWithSuggestion(ILogger logger, string key, string suggestion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Start failed")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopping after the failed start failed")]
    private static partial void LogStopAfterFailureFailed(ILogger logger, Exception exception);
}
