using System.CommandLine;
using System.Globalization;
using EcurepServer.Core;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.FromIbm;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>"fromibm put": leaves a file from IBM support for one Transfer ID, which lists and downloads it under /fromibm.</summary>
public static class FromIbmCommand
{
    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = new Argument<string>("id") { Description = "The Transfer ID that receives the file, for example E-ABCD12345f." };
        var file = new Argument<string>("file") { Description = "The file to copy (relative to the current directory)." };
        var name = new Option<string?>("--name") { Description = "The name the account sees (default: the file's own name).", HelpName = "name" };
        var force = new Option<bool>("--force") { Description = "Replace a file of the same name the account already has." };
        var put = new Command("put", "Copy a file into the account's /fromibm, complete or not at all (temp file, then rename).") { id, file, name, force };
        put.SetAction((parseResult, cancellationToken) => PutAsync(
            context,
            overrides,
            parseResult.GetValue(id)!,
            Path.GetFullPath(parseResult.GetValue(file)!, context.CurrentDirectory),
            parseResult.GetValue(name),
            parseResult.GetValue(force),
            cancellationToken));
        return new Command("fromibm", "Files from IBM support for an account (read-only for it over FTPS and SFTP).") { put };
    }

    private static async Task<int> PutAsync(CliContext context, IReadOnlyList<string> overrides, string id, string file, string? name, bool force, CancellationToken cancellationToken)
    {
        await using var services = CliSettings.Load(context, overrides).DropBoxServices();
        await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(cancellationToken);
        var outcome = await services.GetRequiredService<FromIbmFiles>().PutAsync(id, file, name, force, cancellationToken);
        if (!outcome.Succeeded)
        {
            var hint = outcome.Refusal.Kind == RefusalKind.AlreadyExists ? " Use --force to replace it." : "";
            await context.Error.WriteLineAsync(outcome.Refusal.Message + hint);
            return ExitCodes.Error;
        }

        var placed = outcome.Value;
        var size = placed.Size.ToString(CultureInfo.InvariantCulture);
        await context.Output.WriteLineAsync($"{(placed.Replaced ? "Replaced" : "Placed")} {placed.Path} for {placed.TransferId} ({size} bytes).");
        return ExitCodes.Ok;
    }
}
