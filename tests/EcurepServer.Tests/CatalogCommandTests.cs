using System.Text.Json;
using EcurepServer.Cli;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

/// <summary>"catalog migrate" on a data directory as the release before the catalog wrote it.</summary>
public sealed class CatalogCommandTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _workspace.Dispose();
    }

    [Fact]
    public async Task MigrateKeepsEveryAccountAndReceiptOfAPreCatalogDataDirectoryAndRunsOnce()
    {
        string[] accounts = ["E-ALICE00001a", "E-BOB000002b"];
        var hash = new PasswordHasher(1000).Hash("a-good-password-1");
        await File.WriteAllTextAsync(
            _workspace.PathOf("config", "accounts.json"),
            "{\"accounts\":[" + string.Join(',', accounts.Select(id => $$"""{"id":"{{id}}","passwordHash":"{{hash}}","created":"2026-01-02T03:04:05+00:00"}""")) + "]}");

        var receipts = Enumerable.Range(0, 50).Select(Receipt).ToList();
        using (var store = new JsonLinesReceiptStore(_workspace.PathOf("data", "receipts.jsonl")))
        {
            foreach (var receipt in receipts)
            {
                await store.AppendAsync(receipt, CancellationToken.None);
            }
        }

        using (var deletions = new JsonLinesDeletionStore(_workspace.PathOf("data", "deletions.jsonl")))
        {
            await deletions.AppendAsync(ReceiptDeletion.Of(receipts[7], receipts[7].CompletedUtc.AddDays(8), alreadyGone: false), CancellationToken.None);
        }

        var banned = new Ban("192.0.2.7", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), 1, "test");
        BanFile.In(_workspace.PathOf("data")).Change(bans => [.. bans, banned]);

        var migrate = await CliRun.InvokeAsync(_workspace, "catalog", "migrate");

        Assert.Equal(ExitCodes.Ok, migrate.ExitCode);
        Assert.Contains("Applied migration 1", migrate.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.PathOf("data", "receipts.jsonl")));
        Assert.True(File.Exists(_workspace.PathOf("data", "receipts.jsonl.imported")));
        Assert.True(File.Exists(_workspace.PathOf("data", "deletions.jsonl.imported")));
        Assert.True(File.Exists(_workspace.PathOf("data", "bans.json.imported")));
        Assert.False(File.Exists(_workspace.PathOf("config", "accounts.json")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(_workspace.PathOf("data", "receipts.jsonl.imported")));
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(_workspace.PathOf("config", "accounts.json.imported")));
        }

        var again = await CliRun.InvokeAsync(_workspace, "catalog", "migrate");
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Contains("already up to date", again.Output, StringComparison.Ordinal);

        var listed = (await CliRun.InvokeAsync(_workspace, "uploads", "list", "--json")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        Assert.Equal(receipts.Select(r => r.Path), listed.Select(line => line.GetProperty("path").GetString()));
        Assert.Single(listed, line => line.GetProperty("deletedUtc").ValueKind != JsonValueKind.Null);
        var users = (await CliRun.InvokeAsync(_workspace, "users", "list")).Output;
        Assert.All(accounts, account => Assert.Contains(account, users, StringComparison.Ordinal));
        Assert.Contains("192.0.2.7", (await CliRun.InvokeAsync(_workspace, "bans", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownProviderIsReportedWithItsKey()
    {
        var run = await CliRun.InvokeAsync(_workspace, "catalog", "migrate", "--EcurepServer:Catalog:Provider=oracle");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("EcurepServer:Catalog:Provider", run.Error, StringComparison.Ordinal);
    }

    private static Receipt Receipt(int i)
    {
        var completed = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture).AddMinutes(i);
        return new Receipt($"/toibm/aix/TS0123456{i:00}_{i}.zip", i, new string('a', 64), i % 2 == 0 ? "E-ALICE00001a" : "guest@example.com", i % 2 != 0, "Europe", "ftps",
            "127.0.0.1", $"s-{i}", completed.AddSeconds(-1), completed, i % 3 == 0 ? null : new Route(RouteKind.Case, Case: $"TS0123456{i:00}"));
    }
}
