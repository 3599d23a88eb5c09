using EcurepServer.Cli;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Tests;

/// <summary>
/// The read-only verbs open the SQLite catalog without a service container (<see cref="CliSettings.OpenCatalogAsync"/>);
/// what they read and what they refuse must be what the container the server builds reads and refuses.
/// </summary>
public sealed class CliCatalogTests : IDisposable
{
    private static readonly Receipt Kept = new(
        "/toibm/aix/TS012345678_logs.zip", 1234, new string('a', 64), "E-ALICE00001a", false, "Europe", "ftps",
        "127.0.0.1", "s-1", DateTimeOffset.Parse("2026-01-02T03:04:05Z"), DateTimeOffset.Parse("2026-01-02T03:04:06Z"),
        new Route(RouteKind.Case, Case: "TS012345678"));

    private static readonly Receipt Deleted = Kept with { Path = "/toibm/aix/boot.ini", SessionId = "s-2", Route = Route.Lost };

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task TheDirectCatalogReadsWhatTheContainersCatalogReads()
    {
        using (var receipts = new JsonLinesReceiptStore(_workspace.PathOf("data", "receipts.jsonl")))
        {
            await receipts.AppendAsync(Kept, CancellationToken.None);
            await receipts.AppendAsync(Deleted, CancellationToken.None);
        }

        using (var deletions = new JsonLinesDeletionStore(_workspace.PathOf("data", "deletions.jsonl")))
        {
            await deletions.AppendAsync(ReceiptDeletion.Of(Deleted, DateTimeOffset.Parse("2026-01-09T00:00:00Z"), alreadyGone: true), CancellationToken.None);
        }

        var settings = CliSettings.LoadForCatalog(Context(), []);
        await using var direct = await settings.OpenCatalogAsync(CancellationToken.None);
        var directList = await direct.Uploads.ListAsync(new UploadQuery(), CancellationToken.None);
        var directCase = await direct.Uploads.ListAsync(new UploadQuery(Case: "TS012345678"), CancellationToken.None);
        var directClaims = await direct.Claims.ListAsync(CancellationToken.None);
        await using var services = await settings.CatalogServicesAsync(CancellationToken.None);
        var uploads = services.GetRequiredService<UploadCatalog>();

        Assert.True(File.Exists(_workspace.PathOf("data", "catalog.db")));
        Assert.Equal(2, directList.Count);
        Assert.Equal(await uploads.ListAsync(new UploadQuery(), CancellationToken.None), directList);
        Assert.Equal(Kept, Assert.Single(directCase).Receipt);
        Assert.Equal(await uploads.ListAsync(new UploadQuery(Case: "TS012345678"), CancellationToken.None), directCase);
        Assert.Equal(await services.GetRequiredService<ClaimedUploads>().ListAsync(CancellationToken.None), directClaims);
    }

    [Theory]
    [InlineData("--EcurepServer:DropBox:Products:0=..")]
    [InlineData("--EcurepServer:DropBox:MaxUploadBytes=lots")]
    [InlineData("--EcurepServer:Catalog:BusyTimeout=00:00:00")]
    [InlineData("--EcurepServer:Catalog:BusyTimeout=soon")]
    [InlineData("--EcurepServer:Catalog:PollInterval=01:00:00")]
    [InlineData("--EcurepServer:Catalog:Path=elsewhere/catalog.db")]
    [InlineData("--EcurepServer:Catalog:Provider=SQLite")]
    [InlineData("--EcurepServer:Catalog:Provider=postgres")]
    [InlineData("--EcurepServer:Catalog:Provider=mysql")]
    public async Task TheDirectCatalogRefusesWhatTheContainersCatalogRefuses(string setting)
    {
        var direct = await Record.ExceptionAsync(async () => await (await CliSettings.LoadForCatalog(Context(), [setting]).OpenCatalogAsync(CancellationToken.None)).DisposeAsync());
        var container = await Record.ExceptionAsync(async () => await (await CliSettings.LoadForCatalog(Context(), [setting]).CatalogServicesAsync(CancellationToken.None)).DisposeAsync());

        Assert.Equal(container?.GetType(), direct?.GetType());
        Assert.Equal(container?.Message, direct?.Message);
    }

    [Fact]
    public async Task ACatalogOnAnotherPathIsTheOneOpened()
    {
        var settings = CliSettings.LoadForCatalog(Context(), ["--EcurepServer:Catalog:Path=elsewhere/catalog.db"]);
        await using var catalog = await settings.OpenCatalogAsync(CancellationToken.None);

        Assert.True(File.Exists(_workspace.PathOf("elsewhere", "catalog.db")));
        Assert.False(File.Exists(_workspace.PathOf("data", "catalog.db")));
    }

    [Fact]
    public async Task AnUnreadableCatalogIsRefusedAsByTheContainersCatalog()
    {
        Directory.CreateDirectory(_workspace.PathOf("data"));
        await File.WriteAllTextAsync(_workspace.PathOf("data", "catalog.db"), "not a database, but long enough to be read as one's header");

        var direct = await Assert.ThrowsAnyAsync<Exception>(() => CliSettings.LoadForCatalog(Context(), []).OpenCatalogAsync(CancellationToken.None));
        var container = await Assert.ThrowsAnyAsync<Exception>(() => CliSettings.LoadForCatalog(Context(), []).CatalogServicesAsync(CancellationToken.None));
        var run = await CliRun.InvokeAsync(_workspace, "uploads", "list", "--case", "TS012345678");

        Assert.Equal(container.GetType(), direct.GetType());
        Assert.Equal(container.Message, direct.Message);
        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Equal($"error: {direct.Message}", run.Error.Trim());
        Assert.Empty(run.Output);
    }

    private CliContext Context() => new(_workspace.Root, TextReader.Null, TextWriter.Null, TextWriter.Null);
}
