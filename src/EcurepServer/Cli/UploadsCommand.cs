using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>"uploads list": what was delivered, from the receipts and their deletion marks, as a table or as JSON lines.</summary>
public static class UploadsCommand
{
    private const int OutputChunkChars = 64 * 1024;

    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of a table." };
        var caseNumber = new Option<string?>("--case")
        {
            Description = "Only uploads routed to this case, e.g. TS012345678.",
            HelpName = "TS012345678",
            CustomParser = result => Parse(result, "--case", FileNameRouter.TryParseCase, "a case number (TS followed by 9 digits)"),
        };
        var pmr = new Option<string?>("--pmr")
        {
            Description = "Only uploads routed to this PMR, e.g. 34143.055.724 or 34143,055,724.",
            HelpName = "NNNNN.BBB.CCC",
            CustomParser = result => Parse(result, "--pmr", FileNameRouter.TryParsePmr, "a PMR (5 letters or digits, branch office and country code, e.g. 34143.055.724)"),
        };
        var lost = new Option<bool>("--lost") { Description = "Only uploads whose name routes to no case or PMR." };
        var account = new Option<string?>("--account") { Description = "Only uploads by this Transfer ID or anonymous e-mail (\"anonymous\": every anonymous upload).", HelpName = "id" };
        var site = new Option<string?>("--site") { Description = "Only uploads received at this site, e.g. Europe.", HelpName = "name" };
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only uploads delivered at or after this time (2026-12-03T08:00:00Z, 2026-12-03) or this long ago (30m, 2h, 7d).",
            HelpName = TimeArgument.HelpName,
            CustomParser = result => TimeArgument.Parse(result, TimeProvider.System),
        };
        var session = new Option<string?>("--session") { Description = "Only uploads delivered in this session (its id, as sessions list shows it).", HelpName = "id" };
        var list = new Command("list", "List delivered uploads (time, size, account, site, protocol, client, route, whether retention deleted them, SHA-256, path). Filters combine.")
        {
            json, caseNumber, pmr, lost, account, site, since, session,
        };
        list.Validators.Add(result =>
        {
            var routes = new Option[] { caseNumber, pmr, lost }.Count(option => result.GetResult(option) is not null);
            if (routes > 1)
            {
                result.AddError("--case, --pmr and --lost each select a route; give only one of them.");
            }
        });
        list.SetAction((parseResult, cancellationToken) =>
        {
            var query = new UploadQuery(
                Since: parseResult.GetValue(since),
                Account: parseResult.GetValue(account),
                Site: parseResult.GetValue(site),
                Case: parseResult.GetValue(caseNumber),
                Pmr: parseResult.GetValue(pmr),
                Session: parseResult.GetValue(session),
                Lost: parseResult.GetValue(lost));
            return ListAsync(context, overrides, query, parseResult.GetValue(json), cancellationToken);
        });
        return new Command("uploads", "Inspect delivered uploads.") { list };
    }

    private delegate bool TryParse(string? text, out string? normalised);

    private static string? Parse(ArgumentResult result, string option, TryParse tryParse, string expected)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (tryParse(text, out var normalised))
        {
            return normalised;
        }

        result.AddError($"{option}: \"{text}\" is not {expected}.");
        return null;
    }

    private static async Task<int> ListAsync(CliContext context, IReadOnlyList<string> overrides, UploadQuery query, bool asJson, CancellationToken cancellationToken)
    {
        await using var services = CliSettings.Load(context, overrides).DropBoxServices();
        await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(cancellationToken);
        using var catalog = services.GetRequiredService<UploadCatalog>();
        if (asJson)
        {
            // Streamed from the catalog as read, so listing every receipt holds none of them in memory; written in
            // chunks, not a write per line.
            var chunk = new StringBuilder();
            await foreach (var entry in catalog.StreamAsync(query, cancellationToken))
            {
                chunk.Append(Json(entry)).Append('\n');
                if (chunk.Length >= OutputChunkChars)
                {
                    await context.Output.WriteAsync(chunk, cancellationToken);
                    chunk.Clear();
                }
            }

            await context.Output.WriteAsync(chunk, cancellationToken);
            return ExitCodes.Ok;
        }

        var selected = await catalog.ListAsync(query, cancellationToken);
        if (selected.Count == 0)
        {
            var any = await catalog.StreamAsync(new UploadQuery(), cancellationToken).AnyAsync(cancellationToken);
            await context.Output.WriteLineAsync(any ? "No uploads match." : "No uploads yet.");
            return ExitCodes.Ok;
        }

        await TextTable.WriteAsync(
            context.Output,
            ["COMPLETED (UTC)", "SIZE", "ACCOUNT", "SITE", "PROTOCOL", "CLIENT", "ROUTE", "FILE", "SHA-256", "PATH"],
            selected.Select(Row).ToList());
        return ExitCodes.Ok;
    }

    /// <summary>The receipt as stored, with its route filled in for receipts older than routing, and when its file was deleted (null while kept).</summary>
    private static string Json(ReceiptEntry entry)
    {
        var receipt = ReceiptJson.Serialize(entry.Receipt with { Route = entry.Route });
        var deleted = entry.Deletion is null ? "null" : JsonSerializer.Serialize(entry.Deletion.DeletedUtc, JsonLines);
        return $"{receipt[..^1]},\"deletedUtc\":{deleted}}}";
    }

    private static string[] Row(ReceiptEntry entry)
    {
        var receipt = entry.Receipt;
        return
        [
            Time(receipt.CompletedUtc),
            receipt.Size.ToString(CultureInfo.InvariantCulture),
            receipt.Anonymous ? $"{receipt.Account} (anonymous)" : receipt.Account,
            receipt.Site,
            receipt.Protocol,
            receipt.ClientAddress,
            entry.Route.ToString(),
            entry.Deletion switch
            {
                null => "kept",
                { AlreadyGone: true } => $"missing {Time(entry.Deletion.DeletedUtc)}",
                _ => $"deleted {Time(entry.Deletion.DeletedUtc)}",
            },
            receipt.Sha256,
            receipt.Path,
        ];
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
