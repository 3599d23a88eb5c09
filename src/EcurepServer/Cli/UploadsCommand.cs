using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;

namespace EcurepServer.Cli;

/// <summary>"uploads list": what was delivered, from the receipts and their deletion marks, as a table or as JSON lines.</summary>
public static class UploadsCommand
{
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
        var activeJson = new Option<bool>("--json") { Description = "One JSON object per line instead of a table." };
        var active = new Command("active", "List the uploads in progress on every node that shares the catalog (session, node, account, site, protocol, client, bytes so far, since, path).")
        {
            activeJson,
        };
        active.SetAction((parseResult, cancellationToken) => ActiveAsync(context, overrides, parseResult.GetValue(activeJson), cancellationToken));
        return new Command("uploads", "Inspect delivered uploads and those in progress.") { list, active };
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
        // Only the catalog: a verb that reads it answers without building the server.
        await using var opened = await CliSettings.LoadForCatalog(context, overrides).OpenCatalogAsync(cancellationToken);
        var catalog = opened.Uploads;
        if (asJson)
        {
            using var lines = new ReceiptLinesWriter(context.OutputBytes, context.Output);
            await foreach (var entry in catalog.StreamAsync(query, cancellationToken))
            {
                await lines.WriteAsync(entry, cancellationToken);
            }

            await lines.FlushAsync(cancellationToken);
            return ExitCodes.Ok;
        }

        var selected = await catalog.ListAsync(query, cancellationToken);
        if (selected.Count == 0)
        {
            // Only the first receipt is read; looked at directly, which spares loading System.Linq.AsyncEnumerable.
            await using var all = catalog.StreamAsync(new UploadQuery(), cancellationToken).GetAsyncEnumerator(cancellationToken);
            var any = await all.MoveNextAsync();
            await context.Output.WriteLineAsync(any ? "No uploads match." : "No uploads yet.");
            return ExitCodes.Ok;
        }

        await TextTable.WriteAsync(
            context.Output,
            ["COMPLETED (UTC)", "SIZE", "ACCOUNT", "SITE", "PROTOCOL", "CLIENT", "ROUTE", "FILE", "SHA-256", "PATH"],
            selected.Select(Row).ToList());
        return ExitCodes.Ok;
    }

    private static async Task<int> ActiveAsync(CliContext context, IReadOnlyList<string> overrides, bool asJson, CancellationToken cancellationToken)
    {
        await using var catalog = await CliSettings.LoadForCatalog(context, overrides).OpenCatalogAsync(cancellationToken);
        var uploads = await catalog.Claims.ListAsync(cancellationToken);
        if (asJson)
        {
            foreach (var (upload, node) in uploads)
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(new ActiveUploadLine(upload, node), ActiveUploadLine.Options));
            }

            return ExitCodes.Ok;
        }

        if (uploads.Count == 0)
        {
            await context.Output.WriteLineAsync("No upload is in progress.");
            return ExitCodes.Ok;
        }

        await TextTable.WriteAsync(
            context.Output,
            ["SINCE (UTC)", "SESSION", "NODE", "ACCOUNT", "SITE", "PROTOCOL", "CLIENT", "BYTES", "PATH"],
            [.. uploads.Select(entry => new[]
            {
                Time(entry.Upload.StartedUtc),
                entry.Upload.SessionId,
                entry.NodeId,
                entry.Upload.Anonymous ? $"{entry.Upload.Account} (anonymous)" : entry.Upload.Account,
                entry.Upload.Site,
                entry.Upload.Protocol,
                entry.Upload.ClientAddress,
                entry.Upload.Bytes.ToString(CultureInfo.InvariantCulture),
                entry.Upload.Path,
            })]);
        return ExitCodes.Ok;
    }

    /// <summary>One line of "uploads active --json": the upload and the node that holds it.</summary>
    private sealed record ActiveUploadLine(string SessionId, string Node, string Account, bool Anonymous, string Site, string Protocol, string ClientAddress, string Path, long Bytes, DateTimeOffset StartedUtc)
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

        public ActiveUploadLine(UploadInProgress upload, string node)
            : this(upload.SessionId, node, upload.Account, upload.Anonymous, upload.Site, upload.Protocol, upload.ClientAddress, upload.Path, upload.Bytes, upload.StartedUtc)
        {
        }
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
