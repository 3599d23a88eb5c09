using System.Text;
using System.Text.Json;
using EcurepServer.Cli;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Tests;

/// <summary>
/// The verbs that only read the catalog ("uploads list", "uploads active") open the catalog alone, without the
/// server; uploads in progress are those every node claims in the catalog, so a reset from here refuses them too.
/// </summary>
public sealed class CatalogReaderCommandTests : IDisposable
{
    private static readonly Receipt Delivered = new(
        "/toibm/aix/TS012345678_logs.zip", 1234, new string('a', 64), "E-ALICE00001a", false, "Europe", "ftps",
        "127.0.0.1", "s-1", DateTimeOffset.Parse("2026-01-02T03:04:05Z"), DateTimeOffset.Parse("2026-01-02T03:04:06Z"),
        new Route(RouteKind.Case, Case: "TS012345678"));

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task UploadsListAnswersFromTheCatalogEvenWhenTheServersOwnSettingsWouldNotStart()
    {
        await AppendAsync(Delivered);

        // A listener setting the server would refuse to start with: the catalog is read all the same.
        var run = await CliRun.InvokeAsync(_workspace, "uploads", "list", "--case", "TS012345678", "--EcurepServer:Sites:Europe:Ftps:Port=not-a-port");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Contains("TS012345678_logs.zip", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonWrittenAsBytesToStandardOutputIsTheSameAsThroughTheTextWriter()
    {
        await AppendAsync(Delivered, Delivered with { Path = "/toibm/aix/boot.ini", SessionId = "s-2", Route = null });

        var text = await CliRun.InvokeAsync(_workspace, "uploads", "list", "--json");
        using var bytes = new MemoryStream();
        var context = new CliContext(_workspace.Root, new StringReader(string.Empty), new StringWriter(), new StringWriter()) { OutputBytes = bytes };
        Assert.Equal(ExitCodes.Ok, await EcurepCli.InvokeAsync(["uploads", "list", "--json"], context));

        Assert.Equal(text.Output, Encoding.UTF8.GetString(bytes.ToArray()));
        var lines = text.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"route\":{\"kind\":\"lost\"}", lines[1], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(line).RootElement.GetProperty("deletedUtc").ValueKind));
    }

    [Fact]
    public async Task AnUploadAnotherNodeClaimsIsListedAsActiveAndRefusesAResetUnlessForced()
    {
        var partial = _workspace.PathOf("data", "uploads", "toibm", "aix", ".partial", "E-ALICE00001a", "big.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await File.WriteAllBytesAsync(partial, new byte[4096]);
        await ClaimAsOtherNodeAsync("uploads/toibm/aix/.partial/E-ALICE00001a/big.zip", "uploads/toibm/aix/E-ALICE00001a/big.zip");

        var table = await CliRun.InvokeAsync(_workspace, "uploads", "active");
        var json = await CliRun.InvokeAsync(_workspace, "uploads", "active", "--json");
        var refused = await CliRun.InvokeAsync(_workspace, "reset");

        Assert.True(table.ExitCode == ExitCodes.Ok, table.Error);
        Assert.Contains("node-a", table.Output, StringComparison.Ordinal);
        Assert.Contains("/toibm/aix/big.zip", table.Output, StringComparison.Ordinal);
        var line = JsonDocument.Parse(Assert.Single(json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("/toibm/aix/big.zip", line.GetProperty("path").GetString());
        Assert.Equal(4096, line.GetProperty("bytes").GetInt64());
        Assert.Equal("node-a", line.GetProperty("node").GetString());
        Assert.Equal("E-ALICE00001a", line.GetProperty("account").GetString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("/toibm/aix/big.zip", refused.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(partial));

        Assert.Equal(ExitCodes.Ok, (await CliRun.InvokeAsync(_workspace, "reset", "--force")).ExitCode);
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task NoUploadInProgressIsSaid()
    {
        var run = await CliRun.InvokeAsync(_workspace, "uploads", "active");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("No upload is in progress.", run.Output.Trim());
    }

    private async Task AppendAsync(params Receipt[] receipts)
    {
        await using var services = await CatalogAsync();
        foreach (var receipt in receipts)
        {
            await services.GetRequiredService<IReceiptCatalog>().AppendAsync(receipt, CancellationToken.None);
        }
    }

    /// <summary>As a server on another node holds an upload: its claims in the shared catalog, with a lease that has not run out.</summary>
    private async Task ClaimAsOtherNodeAsync(params string[] names)
    {
        await using var services = await CatalogAsync();
        var now = DateTimeOffset.UtcNow;
        var claim = new UploadClaim("claim-1", "node-a", "s-9", "E-ALICE00001a", "Europe", "sftp", "192.0.2.7", now, now.AddHours(1));
        Assert.True(await services.GetRequiredService<IUploadOwnership>().TryClaimAsync(names, claim, now, CancellationToken.None));
    }

    private Task<ServiceProvider> CatalogAsync()
    {
        var context = new CliContext(_workspace.Root, new StringReader(string.Empty), new StringWriter(), new StringWriter());
        return CliSettings.LoadForCatalog(context, []).CatalogServicesAsync(CancellationToken.None);
    }
}
