using System.CommandLine;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Maintenance;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>"reset [--accounts] [--force]": the drop box afresh, as POST /reset of the management endpoint does it.</summary>
public static class ResetCommand
{
    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var accounts = new Option<bool>("--accounts") { Description = "Remove every Transfer ID as well." };
        var force = new Option<bool>("--force") { Description = "Reset even while uploads are in progress; they are not delivered." };
        var command = new Command(
            "reset",
            "Delete every delivered upload, interrupted upload, receipt, deletion mark and session transcript (accounts stay unless --accounts). Refused while uploads are in progress unless --force.")
        {
            accounts, force,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = CliSettings.Load(context, overrides).DropBoxServices();
            await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(cancellationToken);
            var result = await services.GetRequiredService<DropBoxReset>().ResetAsync(parseResult.GetValue(accounts), parseResult.GetValue(force), cancellationToken);
            if (result.Refused)
            {
                await context.Error.WriteLineAsync($"Uploads are in progress ({string.Join(", ", result.InProgress)}); nothing was deleted. Wait for them or use --force.");
                return ExitCodes.Error;
            }

            await context.Output.WriteLineAsync($"Reset: deleted {result.DeletedFiles} files and {result.DeletedTranscripts} session transcripts, removed {result.RemovedAccounts} accounts.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
