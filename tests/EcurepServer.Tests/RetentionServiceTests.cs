using EcurepServer.Cli;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Retention;
using EcurepServer.Hosting;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Tests;

/// <summary>The hosted service around Core's sweeper (whose rules Core's tests check with a manual clock).</summary>
public sealed class RetentionServiceTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void TheHostRunsRetention()
    {
        using var host = EcurepHost.Build(_workspace.Root, []);

        Assert.Single(host.Services.GetServices<IHostedService>().OfType<RetentionService>());
    }

    [Fact]
    public async Task SweepsAtStartAndAgainEveryInterval()
    {
        var context = new CliContext(_workspace.Root, TextReader.Null, TextWriter.Null, TextWriter.Null);
        await using var services = CliSettings.Load(context, ["--EcurepServer:DropBox:RetentionSweepInterval=00:00:01"]).DropBoxServices();
        await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(CancellationToken.None);
        var receipts = services.GetRequiredService<IReceiptStore>();
        using var service = new RetentionService(services.GetRequiredService<RetentionSweeper>(), TimeProvider.System, NullLogger<RetentionService>.Instance);
        var first = await DeliverExpiredAsync(receipts, "first.zip");

        await service.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => !File.Exists(first));
            var second = await DeliverExpiredAsync(receipts, "second.zip");
            await WaitUntilAsync(() => !File.Exists(second));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        var entries = await services.GetRequiredService<IReceiptCatalog>().QueryAsync(new UploadQuery(), CancellationToken.None).ToListAsync();
        Assert.Equal(2, entries.Count(entry => entry.IsDeleted));
    }

    [Fact]
    public async Task ASweepRemovesReceiptsWhoseUploadsWereDeletedLongerAgoThanTheirRetention()
    {
        var context = new CliContext(_workspace.Root, TextReader.Null, TextWriter.Null, TextWriter.Null);
        await using var services = CliSettings.Load(context, ["--EcurepServer:DropBox:DeletedReceiptRetention=00:00:00"]).DropBoxServices();
        await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(CancellationToken.None);
        var catalog = services.GetRequiredService<IReceiptCatalog>();
        var sweeper = services.GetRequiredService<RetentionSweeper>();
        var expired = await DeliverExpiredAsync(catalog, "expired.zip");
        var kept = _workspace.PathOf("data", "uploads", "toibm", "aix", "kept.zip");
        await File.WriteAllBytesAsync(kept, [1, 2, 3]);
        await catalog.AppendAsync(
            new Receipt("/toibm/aix/kept.zip", 3, new string('a', 64), "E-ALICE00001a", false, "Europe", "ftps", "127.0.0.1", "s2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow),
            CancellationToken.None);

        await sweeper.SweepAsync(CancellationToken.None);
        Assert.False(File.Exists(expired));
        Assert.Equal(2, (await catalog.QueryAsync(new UploadQuery(), CancellationToken.None).ToListAsync()).Count);

        // The first sweep marked it now; the next one, later, finds it marked longer ago than the retention of zero.
        await sweeper.SweepAsync(CancellationToken.None);

        var left = await catalog.QueryAsync(new UploadQuery(), CancellationToken.None).ToListAsync();
        Assert.Equal("/toibm/aix/kept.zip", Assert.Single(left).Receipt.Path);
        Assert.True(File.Exists(kept));
    }

    /// <summary>A file in /toibm/aix with a receipt that completed eight days ago.</summary>
    private async Task<string> DeliverExpiredAsync(IReceiptStore receipts, string name)
    {
        var file = _workspace.PathOf("data", "uploads", "toibm", "aix", name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        var completed = DateTimeOffset.UtcNow - TimeSpan.FromDays(8);
        await receipts.AppendAsync(
            new Receipt($"/toibm/aix/{name}", 3, new string('a', 64), "E-ALICE00001a", false, "Europe", "ftps", "127.0.0.1", "s1", completed, completed),
            CancellationToken.None);
        return file;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Retention did not run in time.");
            await Task.Delay(20);
        }
    }
}
