using System.Text.Json;
using EcurepServer.Cli;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

public sealed class UploadsCommandTests : IDisposable
{
    private const string Alice = "E-ALICE00001a";

    private static readonly Receipt Pmr = new(
        "/toibm/aix/34143.055.724.zip", 1234, new string('a', 64), Alice, false, "Europe", "ftps",
        "127.0.0.1", "s-1", DateTimeOffset.Parse("2026-01-02T03:04:05Z"), DateTimeOffset.Parse("2026-01-02T03:04:06Z"),
        new Route(RouteKind.Pmr, Pmr: "34143.055.724"));

    /// <summary>Written before routing existed: no route in the line.</summary>
    private static readonly Receipt OldPmr = Pmr with
    {
        Path = "/toibm/linux/12345,123,724.DUMP.ZIP",
        Account = "guest@example.com",
        Anonymous = true,
        Site = "Americas",
        SessionId = "s-2",
        Route = null,
    };

    private static readonly Receipt Case = Pmr with
    {
        Path = "/toibm/aix/TS012345678_logs.zip",
        Account = "E-BOB000002b",
        SessionId = "s-3",
        Route = new Route(RouteKind.Case, Case: "TS012345678"),
    };

    private static readonly Receipt Lost = Pmr with
    {
        Path = "/toibm/aix/boot.ini",
        Site = "AsiaPacific",
        SessionId = "s-4",
        Route = Route.Lost,
    };

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task JsonListsOneReceiptPerLineWithItsRouteAndDeletion()
    {
        await WriteReceiptsAsync(Pmr, OldPmr);
        var deleted = DateTimeOffset.Parse("2026-01-09T03:04:07Z");
        await MarkDeletedAsync(Pmr, deleted);

        var run = await CliRun.InvokeAsync(_workspace, "uploads", "list", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var parsed = lines.Select(line => JsonSerializer.Deserialize<Receipt>(line, JsonSerializerOptions.Web)!).ToArray();
        Assert.Equal<Receipt>([Pmr, OldPmr with { Route = new Route(RouteKind.Pmr, Pmr: "12345.123.724") }], parsed);
        Assert.Contains("\"sha256\":", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"route\":{\"kind\":\"pmr\",\"pmr\":\"34143.055.724\"}", lines[0], StringComparison.Ordinal);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(deleted, first.RootElement.GetProperty("deletedUtc").GetDateTimeOffset());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("deletedUtc").ValueKind);
    }

    [Fact]
    public async Task TheTableShowsEveryUploadWithRouteAndWhetherItsFileIsKept()
    {
        await WriteReceiptsAsync(Pmr, OldPmr, Case, Lost);
        await MarkDeletedAsync(Pmr, DateTimeOffset.Parse("2026-01-09T03:04:07Z"));

        var run = await CliRun.InvokeAsync(_workspace, "uploads", "list");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("COMPLETED (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Contains("ROUTE", lines[0], StringComparison.Ordinal);
        Assert.Contains("pmr 34143.055.724", lines[1], StringComparison.Ordinal);
        Assert.Contains("deleted 2026-01-09 03:04:07", lines[1], StringComparison.Ordinal);
        Assert.Contains("guest@example.com (anonymous)", lines[2], StringComparison.Ordinal);
        Assert.Contains("pmr 12345.123.724", lines[2], StringComparison.Ordinal);
        Assert.Contains(" kept ", lines[2], StringComparison.Ordinal);
        Assert.Contains("case TS012345678", lines[3], StringComparison.Ordinal);
        Assert.Contains("lost", lines[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s-1", "--pmr", "34143.055.724")]
    [InlineData("s-1", "--pmr", "34143,055,724")]
    [InlineData("s-2", "--pmr", "12345,123,724")]
    [InlineData("s-3", "--case", "TS012345678")]
    [InlineData("s-3", "--case", "ts012345678")]
    [InlineData("s-4", "--lost")]
    [InlineData("s-1,s-4", "--account", Alice)]
    [InlineData("s-1,s-4", "--account", "e-alice00001a")]
    [InlineData("s-2", "--account", "anonymous")]
    [InlineData("s-2", "--account", "guest@example.com")]
    [InlineData("s-1,s-3", "--site", "europe")]
    [InlineData("s-1", "--account", Alice, "--site", "Europe")]
    [InlineData("s-4", "--account", Alice, "--lost")]
    [InlineData("s-3", "--case", "TS012345678", "--site", "Europe", "--account", "E-BOB000002b")]
    [InlineData("", "--case", "TS012345678", "--site", "Americas")]
    [InlineData("", "--pmr", "99999.055.724")]
    [InlineData("s-3", "--session", "s-3")]
    [InlineData("", "--session", "S-3")]
    [InlineData("s-1,s-2,s-3,s-4", "--since", "2026-01-02")]
    [InlineData("s-1,s-2,s-3,s-4", "--since", "2026-01-02T03:04:06Z")]
    [InlineData("", "--since", "2026-01-02T03:04:07Z")]
    [InlineData("s-1,s-2,s-3,s-4", "--since", "36500d")]
    [InlineData("", "--since", "1h")]
    [InlineData("s-4", "--since", "2026-01-02T04:04:06+01:00", "--session", "s-4")]
    public async Task FiltersCombine(string sessions, params string[] filter)
    {
        await WriteReceiptsAsync(Pmr, OldPmr, Case, Lost);

        var run = await CliRun.InvokeAsync(_workspace, ["uploads", "list", "--json", .. filter]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var listed = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<Receipt>(line, JsonSerializerOptions.Web)!.SessionId);
        Assert.Equal(sessions.Split(',', StringSplitOptions.RemoveEmptyEntries), listed);
    }

    [Fact]
    public async Task AFilterThatMatchesNothingSaysSo()
    {
        await WriteReceiptsAsync(Pmr);

        var run = await CliRun.InvokeAsync(_workspace, "uploads", "list", "--lost");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("No uploads match.", run.Output.Trim());
    }

    [Theory]
    [InlineData("--case: \"TS12345\" is not a case number", "--case", "TS12345")]
    [InlineData("--case: \"TS012345678_logs.zip\" is not a case number", "--case", "TS012345678_logs.zip")]
    [InlineData("--pmr: \"34143.055\" is not a PMR", "--pmr", "34143.055")]
    [InlineData("give only one of them", "--case", "TS012345678", "--lost")]
    [InlineData("give only one of them", "--pmr", "34143.055.724", "--case", "TS012345678")]
    [InlineData("--since: \"yesterday\" is neither a time", "--since", "yesterday")]
    [InlineData("--since: \"-2h\" is neither a time", "--since", "-2h")]
    public async Task BadFiltersAreUsageErrors(string message, params string[] filter)
    {
        var run = await CliRun.InvokeAsync(_workspace, ["uploads", "list", .. filter]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task NoReceiptsIsNotAnError()
    {
        var table = await CliRun.InvokeAsync(_workspace, "uploads", "list");
        var json = await CliRun.InvokeAsync(_workspace, "uploads", "list", "--json");

        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Equal("No uploads yet.", table.Output.Trim());
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Equal(string.Empty, json.Output);
    }

    [Fact]
    public async Task AnInvalidDropBoxConfigurationIsReportedWithItsKey()
    {
        var run = await CliRun.InvokeAsync(_workspace, "uploads", "list", "--EcurepServer:DropBox:Products:0=..");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("EcurepServer:DropBox:Products:0", run.Error, StringComparison.Ordinal);
    }

    private async Task WriteReceiptsAsync(params Receipt[] receipts)
    {
        using var store = new JsonLinesReceiptStore(_workspace.PathOf("data", "receipts.jsonl"));
        foreach (var receipt in receipts)
        {
            await store.AppendAsync(receipt, CancellationToken.None);
        }
    }

    private async Task MarkDeletedAsync(Receipt receipt, DateTimeOffset deleted)
    {
        using var store = new JsonLinesDeletionStore(_workspace.PathOf("data", "deletions.jsonl"));
        await store.AppendAsync(ReceiptDeletion.Of(receipt, deleted, alreadyGone: false), CancellationToken.None);
    }
}
