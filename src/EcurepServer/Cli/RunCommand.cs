using System.CommandLine;
using EcurepServer.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EcurepServer.Cli;

/// <summary>"run": starts every enabled listener and serves until SIGTERM or Ctrl+C.</summary>
public static class RunCommand
{
    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var command = new Command("run", "Start the server (the default when no verb is given).");
        command.SetAction((_, cancellationToken) => RunAsync(context, overrides, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        IHost? host = null;
        try
        {
            host = EcurepHost.Build(context.WorkingDirectory, overrides);
            await host.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException exception)
        {
            foreach (var failure in exception.Failures)
            {
                await context.Error.WriteLineAsync($"Configuration error: {failure}");
            }

            return await FailAsync(host);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await context.Error.WriteLineAsync($"Cannot start: {exception.Message}");
            return await FailAsync(host);
        }

        using (host)
        {
            await host.WaitForShutdownAsync(CancellationToken.None);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Stops whatever had started before the failure, so no listener outlives the exit.</summary>
    private static async Task<int> FailAsync(IHost? host)
    {
        if (host is not null)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        return ExitCodes.Error;
    }
}
