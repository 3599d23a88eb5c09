using System.CommandLine;
using EcurepServer.Settings;
using Microsoft.Extensions.Options;

namespace EcurepServer.Cli;

/// <summary>
/// The command line: "run" (also when no verb is given), "users", "uploads", "fromibm", "certs", "keys" and "config".
/// Configuration overrides ("--EcurepServer:DataDirectory=/srv/data") may appear anywhere and apply to every verb.
/// </summary>
public static class EcurepCli
{
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, CliContext context)
    {
        var (commandArguments, overrides) = ConfigurationOverrides.Split(args);
        var root = CreateRootCommand(context, overrides);
        var parseResult = root.Parse(commandArguments);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await context.Error.WriteLineAsync(error.Message);
            }

            await context.Error.WriteLineAsync("Run 'EcurepServer --help' for usage.");
            return ExitCodes.Usage;
        }

        // The host handles SIGTERM and Ctrl+C itself, with the configured grace period.
        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation);
        }
        catch (OptionsValidationException exception)
        {
            await ConfigurationReport.WriteAsync(context.Error, [], exception.Failures);
            return ExitCodes.Error;
        }
        catch (ConfigurationException exception)
        {
            await ConfigurationReport.WriteAsync(context.Error, [], exception.Problems);
            return ExitCodes.Error;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await context.Error.WriteLineAsync($"error: {exception.Message}");
            return ExitCodes.Error;
        }
    }

    private static RootCommand CreateRootCommand(CliContext context, IReadOnlyList<string> overrides)
    {
        var run = RunCommand.Create(context, overrides);
        var root = new RootCommand(
            "EcurepServer: a self-hosted replica of IBM's ECuRep drop box (explicit FTPS). Configuration comes from "
            + "config/appsettings.json under the working directory, environment variables (EcurepServer__Sites__Europe__Ftps__Port=0) "
            + "and overrides on the command line (--EcurepServer:Sites:Europe:Ftps:Port=0), in that order.")
        {
            run,
            UsersCommand.Create(context, overrides),
            UploadsCommand.Create(context, overrides),
            FromIbmCommand.Create(context, overrides),
            CertsCommand.Create(context, overrides),
            KeysCommand.Create(context, overrides),
            ConfigCommand.Create(context, overrides),
        };
        root.Action = run.Action;
        return root;
    }
}
