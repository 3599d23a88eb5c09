using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EcurepServer.Core.Receipts;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>"uploads list": what was delivered, from the receipts, as a table or as JSON lines.</summary>
public static class UploadsCommand
{
    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of a table." };
        var list = new Command("list", "List delivered uploads (name, size, SHA-256, account, site, protocol, client, times).") { json };
        list.SetAction((parseResult, cancellationToken) => ListAsync(context, overrides, parseResult.GetValue(json), cancellationToken));
        return new Command("uploads", "Inspect delivered uploads.") { list };
    }

    private static async Task<int> ListAsync(CliContext context, IReadOnlyList<string> overrides, bool asJson, CancellationToken cancellationToken)
    {
        await using var services = CliSettings.Load(context, overrides).DropBoxServices();
        var receipts = services.GetRequiredService<IReceiptStore>().ReadAllAsync(cancellationToken);
        if (asJson)
        {
            await foreach (var receipt in receipts)
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(receipt, JsonLines));
            }

            return ExitCodes.Ok;
        }

        var rows = new List<IReadOnlyList<string>>();
        await foreach (var receipt in receipts)
        {
            rows.Add(Row(receipt));
        }

        if (rows.Count == 0)
        {
            await context.Output.WriteLineAsync("No uploads yet.");
            return ExitCodes.Ok;
        }

        await TextTable.WriteAsync(context.Output, ["COMPLETED (UTC)", "SIZE", "ACCOUNT", "SITE", "PROTOCOL", "CLIENT", "SHA-256", "PATH"], rows);
        return ExitCodes.Ok;
    }

    private static string[] Row(Receipt receipt) =>
    [
        receipt.CompletedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        receipt.Size.ToString(CultureInfo.InvariantCulture),
        receipt.Anonymous ? $"{receipt.Account} (anonymous)" : receipt.Account,
        receipt.Site,
        receipt.Protocol,
        receipt.ClientAddress,
        receipt.Sha256,
        receipt.Path,
    ];
}
