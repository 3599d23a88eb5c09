using System.CommandLine;
using EcurepServer.Settings;
using Microsoft.Extensions.Options;

namespace EcurepServer.Cli;

/// <summary>
/// The command line: "run" (also when no verb is given), "users", "uploads", "sessions", "fromibm", "certs", "keys" and "config".
/// Configuration overrides ("--EcurepServer:DataDirectory=/srv/data") and "--root DIR" may appear anywhere and apply to
/// every verb.
/// </summary>
public static class EcurepCli
{
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, CliContext context)
    {
        var (commandArguments, overrides) = ConfigurationOverrides.Split(args);
        if (await WithRootDirectoryAsync(context, commandArguments) is not { } rooted)
        {
            return ExitCodes.Error;
        }

        context = rooted;
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
            await ConfigurationReport.WriteAsync(context.Error, exception.Failures);
            return ExitCodes.Error;
        }
        catch (ConfigurationException exception)
        {
            await ConfigurationReport.WriteAsync(context.Error, exception.Problems);
            return ExitCodes.Error;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await context.Error.WriteLineAsync($"error: {exception.Message}");
            return ExitCodes.Error;
        }
    }

    /// <summary>The --root option; every command accepts it.</summary>
    private static Option<string?> RootOption() => new("--root")
    {
        Description = $"The directory that holds config/appsettings.json; every relative path of the configuration resolves against it (default: ${CliContext.RootVariable}, else the current directory).",
        HelpName = "DIR",
        Recursive = true,
    };

    /// <summary>The context with the root directory from --root or ECUREP_ROOT, if either is given; null (reported) when it does not exist.</summary>
    private static async Task<CliContext?> WithRootDirectoryAsync(CliContext context, IReadOnlyList<string> commandArguments)
    {
        var fromOption = RootDirectoryArgument(commandArguments);
        if ((fromOption ?? context.RootFromEnvironment) is not { } rootDirectory)
        {
            return context;
        }

        var fullPath = Path.GetFullPath(rootDirectory, context.CurrentDirectory);
        if (!Directory.Exists(fullPath))
        {
            var source = fromOption is null ? CliContext.RootVariable : "--root";
            await context.Error.WriteLineAsync($"{source}: {fullPath} is not a directory (the root directory holds config/appsettings.json).");
            return null;
        }

        return context with { WorkingDirectory = fullPath };
    }

    /// <summary>The commands capture the root directory when they are created, so --root is read before they are.</summary>
    private static string? RootDirectoryArgument(IReadOnlyList<string> commandArguments)
    {
        var option = RootOption();
        var probe = new RootCommand { option };
        probe.TreatUnmatchedTokensAsErrors = false;

        // A --root without its directory is left to the full parse, which reports it as a usage error.
        var parsed = probe.Parse(commandArguments);
        return parsed.Errors.Count == 0 ? parsed.GetValue(option) : null;
    }

    private static RootCommand CreateRootCommand(CliContext context, IReadOnlyList<string> overrides)
    {
        var readyFile = RunCommand.ReadyFileOption();
        var run = RunCommand.Create(context, overrides, readyFile);
        var root = new RootCommand(
            "EcurepServer: a self-hosted replica of IBM's ECuRep drop box (explicit FTPS and SFTP). Configuration comes from "
            + "config/appsettings.json under the root directory (--root, $ECUREP_ROOT, else the current directory), environment "
            + "variables (EcurepServer__Sites__Europe__Ftps__Port=0) and overrides on the command line "
            + "(--EcurepServer:Sites:Europe:Ftps:Port=0), in that order.")
        {
            RootOption(),
            readyFile,
            run,
            UsersCommand.Create(context, overrides),
            UploadsCommand.Create(context, overrides),
            SessionsCommand.Create(context, overrides),
            FromIbmCommand.Create(context, overrides),
            CertsCommand.Create(context, overrides),
            KeysCommand.Create(context, overrides),
            ConfigCommand.Create(context, overrides),
            ResetCommand.Create(context, overrides),
            FaultsCommand.Create(context, overrides),
            BansCommand.Create(context, overrides),
            EventsCommand.Create(context, overrides),
            CatalogCommand.Create(context, overrides),
        };
        root.Action = run.Action;
        return root;
    }
}
