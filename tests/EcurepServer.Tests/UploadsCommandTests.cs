using System.Text.Json;
using EcurepServer.Cli;
using EcurepServer.Core.Receipts;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

public sealed class UploadsCommandTests : IDisposable
{
    private static readonly Receipt First = new(
        "/toibm/aix/TS012345678_logs.zip", 1234, new string('a', 64), "E-ABCD12345f", false, "Europe", "ftps",
        "127.0.0.1", "s-1", DateTimeOffset.Parse("2026-01-02T03:04:05Z"), DateTimeOffset.Parse("2026-01-02T03:04:06Z"));

    private static readonly Receipt Second = First with
    {
        Path = "/toibm/linux/12345.123.724.DUMP.ZIP",
        Account = "anonymous",
        Anonymous = true,
        SessionId = "s-2",
    };

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task JsonListsOneReceiptPerLine()
    {
        await WriteReceiptsAsync(First, Second);

        var run = await CliRun.InvokeAsync(_workspace, "uploads", "list", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var parsed = lines.Select(line => JsonSerializer.Deserialize<Receipt>(line, JsonSerializerOptions.Web)!).ToArray();
        Assert.Equal<Receipt>([First, Second], parsed);
        Assert.Contains("\"sha256\":", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTableShowsEveryUpload()
    {
        await WriteReceiptsAsync(First, Second);

        var run = await CliRun.InvokeAsync(_workspace, "uploads", "list");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("COMPLETED (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Contains("/toibm/aix/TS012345678_logs.zip", lines[1], StringComparison.Ordinal);
        Assert.Contains("anonymous (anonymous)", lines[2], StringComparison.Ordinal);
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
}
