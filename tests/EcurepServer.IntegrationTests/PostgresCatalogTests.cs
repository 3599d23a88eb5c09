using EcurepServer.Catalog.Postgres;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The PostgreSQL catalog provider against a throwaway PostgreSQL, each test in a database of its own, with two
/// provider instances standing for two nodes: migrations run once however many nodes start, a name is claimed by one
/// upload at a time and taken over only after its lease ran out, a lock has one holder, bans and accounts changed on
/// one node are read on the other.
/// </summary>
public sealed class PostgresCatalogTests(PostgresCatalogTests.Cluster cluster) : IClassFixture<PostgresCatalogTests.Cluster>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Migrations_run_once_even_when_two_nodes_start_together_and_again_change_nothing()
    {
        await using var a = await cluster.DatabaseAsync();
        await using var b = a.SecondNode();

        var runs = await Task.WhenAll(new PostgresCatalogStore(a.Database).MigrateAsync(default).AsTask(), new PostgresCatalogStore(b.Database).MigrateAsync(default).AsTask());

        Assert.Equal(PostgresMigrations().Count, runs.Sum(run => run.Count));
        Assert.Empty(await new PostgresCatalogStore(a.Database).MigrateAsync(default));
        Assert.Equal(PostgresMigrations().Count, await new PostgresCatalogStore(b.Database).SchemaVersionAsync(default));
        Assert.DoesNotContain("Password", new PostgresCatalogStore(a.Database).Location, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Receipts_from_both_nodes_are_read_in_delivery_order_filtered_found_and_marked_deleted_once()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        var onA = new PostgresReceiptCatalog(a.Database);
        var onB = new PostgresReceiptCatalog(b.Database);
        var first = Receipt("toibm/aix/TS012345678.log.zip", "E-ABCD12345f", "s1");
        var second = Receipt("toibm/aix/report.zip", "anonymous", "s2", anonymous: true);

        await onA.AppendAsync(first, default);
        await onB.AppendAsync(second, default);
        await onB.AppendAsync(second, default);
        await onA.MarkDeletedAsync(ReceiptDeletion.Of(first, Now.AddDays(1), alreadyGone: false), default);
        await onB.MarkDeletedAsync(ReceiptDeletion.Of(first, Now.AddDays(2), alreadyGone: true), default);

        var all = await onB.QueryAsync(new UploadQuery(), default).ToListAsync();
        Assert.Equal([first, second], all.Select(entry => entry.Receipt));
        Assert.Equal(Now.AddDays(1), all[0].Deletion!.DeletedUtc);
        Assert.False(all[1].IsDeleted);
        Assert.Equal([first], (await onA.QueryAsync(new UploadQuery(Case: "TS012345678"), default).ToListAsync()).Select(entry => entry.Receipt));
        Assert.Equal([first], (await onA.QueryAsync(new UploadQuery(Account: "e-abcd12345F"), default).ToListAsync()).Select(entry => entry.Receipt));
        Assert.Equal([second], (await onA.QueryAsync(new UploadQuery(Account: "anonymous", Name: "report.zip"), default).ToListAsync()).Select(entry => entry.Receipt));
        Assert.Equal(second, (await onA.FindAsync(UploadCatalog.IdOf(second), default))!.Receipt);
        Assert.Equal(new Route(RouteKind.Case, Case: "TS012345678"), all[0].Route);
    }

    [Fact]
    public async Task A_name_is_claimed_by_one_upload_across_nodes_and_taken_over_only_after_its_node_stops_renewing()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        var onA = new PostgresUploadOwnership(a.Database);
        var onB = new PostgresUploadOwnership(b.Database);
        string[] names = ["uploads/toibm/aix/.partial/x.zip", "uploads/toibm/aix/E-ABCD12345f/x.zip"];

        // Both nodes at once: exactly one wins, never both and never neither.
        var race = await Task.WhenAll(
            onA.TryClaimAsync(names, Claim("a1", "node-a", Now.AddSeconds(30)), Now, default).AsTask(),
            onB.TryClaimAsync([.. names.Reverse()], Claim("b1", "node-b", Now.AddSeconds(30)), Now, default).AsTask());
        Assert.Single(race, won => won);
        var winner = race[0] ? "node-a" : "node-b";
        var loser = race[0] ? onB : onA;

        Assert.False(await loser.TryClaimAsync([names[1]], Claim("late", "node-c", Now.AddSeconds(60)), Now.AddSeconds(20), default));
        Assert.Equal(2, await loser.RenewAsync(winner, Now.AddSeconds(90), default));
        Assert.False(await loser.TryClaimAsync([names[1]], Claim("late", "node-c", Now.AddSeconds(120)), Now.AddSeconds(60), default));
        Assert.True(await loser.IsClaimedAsync(names[0], Now.AddSeconds(60), default));

        // The winner's node died: no renewal, so after the lease another node resumes the upload.
        Assert.True(await loser.TryClaimAsync(names, Claim("resume", "node-c", Now.AddSeconds(150)), Now.AddSeconds(91), default));
        var held = await onA.ListAsync(Now.AddSeconds(91), default).ToListAsync();
        Assert.All(held, entry => Assert.Equal("resume", entry.Claim.ClaimId));
        await onB.ReleaseAsync(names, "resume", default);
        Assert.False(await onA.IsClaimedAsync(names[0], Now.AddSeconds(91), default));
    }

    [Fact]
    public async Task The_retention_lock_has_one_holder_until_released_or_expired()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        var onA = new PostgresCatalogLocks(a.Database);
        var onB = new PostgresCatalogLocks(b.Database);

        var race = await Task.WhenAll(
            onA.TryAcquireAsync(CatalogLockNames.Retention, "node-a", Now, Now.AddMinutes(1), default).AsTask(),
            onB.TryAcquireAsync(CatalogLockNames.Retention, "node-b", Now, Now.AddMinutes(1), default).AsTask());

        Assert.Single(race, won => won);
        var (holder, other, otherName) = race[0] ? (onA, onB, "node-b") : (onB, onA, "node-a");
        Assert.False(await other.TryAcquireAsync(CatalogLockNames.Retention, otherName, Now.AddSeconds(30), Now.AddMinutes(2), default));
        Assert.True(await other.TryAcquireAsync(CatalogLockNames.Retention, otherName, Now.AddMinutes(1), Now.AddMinutes(2), default));
        await holder.ReleaseAsync(CatalogLockNames.Retention, race[0] ? "node-a" : "node-b", default);
        Assert.False(await holder.TryAcquireAsync(CatalogLockNames.Retention, race[0] ? "node-a" : "node-b", Now.AddMinutes(1), Now.AddMinutes(3), default));
        await other.ReleaseAsync(CatalogLockNames.Retention, otherName, default);
        Assert.True(await holder.TryAcquireAsync(CatalogLockNames.Retention, race[0] ? "node-a" : "node-b", Now.AddMinutes(1), Now.AddMinutes(3), default));
    }

    [Fact]
    public async Task A_ban_or_an_account_changed_on_one_node_is_read_on_the_other()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        var bansA = new PostgresBanCatalog(a.Database);
        var bansB = new PostgresBanCatalog(b.Database);
        var accountsA = new PostgresAccountCatalog(a.Database);
        var accountsB = new PostgresAccountCatalog(b.Database);
        var stamp = bansB.Stamp();

        bansA.Change(bans => [.. bans, new Ban("127.0.0.3/32", Now, Now.AddHours(1), 1, "failed logins")]);
        Assert.True(await accountsA.AddAsync(new CatalogAccount("E-ABCD12345f", "hash", Now, ["ssh-ed25519 AAAA key"], null), default));
        Assert.False(await accountsB.AddAsync(new CatalogAccount("e-abcd12345F", "other", Now, [], null), default));
        Assert.True(await accountsB.UpdateAsync("e-ABCD12345f", account => account with { QuotaBytesPerDay = 42 }, default));

        Assert.NotEqual(stamp, bansB.Stamp());
        Assert.Equal("127.0.0.3/32", Assert.Single(bansB.Read()).Network);
        var account = Assert.Single(await accountsA.ListAsync(default));
        Assert.Equal(("E-ABCD12345f", "hash", 42L), (account.Id, account.PasswordHash, account.QuotaBytesPerDay!.Value));
        Assert.Equal(["ssh-ed25519 AAAA key"], account.AuthorizedKeys);
        bansB.Change(_ => []);
        Assert.Empty(bansA.Read());
        Assert.True(await accountsB.RemoveAsync("E-ABCD12345F", default));
        Assert.Empty(await accountsA.ListAsync(default));
    }

    [Fact]
    public async Task A_ban_one_nodes_defender_imposes_is_listed_and_lifted_through_the_others_asynchronously()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        using var data = new TempDirectory();
        using var defenderA = Defender(a, data.Path);
        using var defenderB = Defender(b, data.Path);
        var guesser = System.Net.IPAddress.Parse("192.0.2.7");

        // The score leaks away on the real clock: a few more than the threshold.
        for (var i = 0; i < 20; i++)
        {
            defenderA.Report(guesser, DefenderEvent.FailedLogin, "Europe", "ftps");
        }

        Assert.False(defenderA.Admits(guesser, "Europe", "ftps"));
        Assert.Equal("192.0.2.7", Assert.Single(await defenderA.BansAsync(default)).Network);
        Assert.Equal("192.0.2.7", Assert.Single(await defenderB.BansAsync(default)).Network);
        Assert.False(defenderB.Admits(guesser, "Europe", "sftp"));
        Assert.Equal("192.0.2.7", (await defenderB.LiftAsync("192.0.2.7", default))?.Network);
        Assert.Empty(await defenderA.BansAsync(default));
        Assert.True(defenderA.Admits(guesser, "Europe", "ftps"));
        Assert.Empty(await new PostgresBanCatalog(b.Database).ReadAsync(default));
    }

    [Fact]
    public async Task A_password_changed_on_one_node_refuses_the_old_one_on_the_other_at_its_next_login()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        using var storeA = Store(a);
        using var storeB = Store(b);
        var hash = new PasswordHasher(1000).Hash("password-1");
        var key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKrt2/adnTMHjbUPuS5UaqcGxl5May/LVZNc0AACFkWg old@laptop";

        Assert.True(await new PostgresCatalogStore(a.Database).ImportAsync(new CatalogImport("accounts", [], [], [new CatalogAccount("E-OLD00001a", hash, Now, [key], 77)], []), default));
        Assert.True(await storeB.VerifyAsync("E-OLD00001a", "password-1", default));
        Assert.True(await storeB.VerifyAsync("E-OLD00001a", "password-1", default));
        Assert.Equal(1, storeB.PasswordCacheHits);
        Assert.Equal(77, await storeB.QuotaBytesPerDayAsync("E-OLD00001a", default));
        Assert.Single((await storeB.ListKeysAsync("E-OLD00001a", default))!);

        Assert.True((await storeA.SetPasswordAsync("E-OLD00001a", "password-2", default)).Succeeded);
        Assert.False(await storeB.VerifyAsync("E-OLD00001a", "password-1", default));
        Assert.True(await storeB.VerifyAsync("E-OLD00001a", "password-2", default));
        Assert.True((await storeA.AddAsync("E-NEW00002b", "password-3", default)).Succeeded);
        Assert.True(await storeB.VerifyAsync("E-NEW00002b", "password-3", default));
        Assert.True((await storeA.RemoveAsync("E-OLD00001a", default)).Succeeded);
        Assert.False(await storeB.VerifyAsync("E-OLD00001a", "password-2", default));
        Assert.Equal(1, storeB.PasswordCacheHits);
    }

    private static ClientDefender Defender(Node node, string dataDirectory) => new(
        Microsoft.Extensions.Options.Options.Create(new DefenderOptions()),
        Microsoft.Extensions.Options.Options.Create(new EcurepServer.Core.Configuration.DropBoxOptions { DataDirectory = dataDirectory }),
        TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<ClientDefender>.Instance,
        bans: new PostgresBanCatalog(node.Database));

    private static AccountStore Store(Node node) => new(
        new PostgresAccountCatalog(node.Database),
        Microsoft.Extensions.Options.Options.Create(new EcurepServer.Core.Configuration.AccountOptions { AccountsFile = "accounts.json" }),
        new PasswordHasher(1000),
        TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<AccountStore>.Instance);

    private static IReadOnlyList<CatalogMigration> PostgresMigrations() => new PostgresCatalogStore(new PostgresCatalogDatabase("Host=127.0.0.1")).Migrations;

    private static Receipt Receipt(string path, string account, string session, bool anonymous = false) =>
        new(path, 10, new string('a', 64), account, anonymous, "Europe", "ftps", "127.0.0.1", session, Now, Now.AddSeconds(1), FileNameRouter.Classify(path[(path.LastIndexOf('/') + 1)..]), null);

    private static UploadClaim Claim(string id, string node, DateTimeOffset expires) =>
        new(id, node, "session-" + id, "E-ABCD12345f", "Europe", "sftp", "127.0.0.1", Now, expires);

    /// <summary>One PostgreSQL for the class; each test gets a database of its own.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private PostgresCluster? _postgres;
        private int _databases;

        public async Task InitializeAsync() => _postgres = await PostgresCluster.StartAsync();

        public async Task DisposeAsync()
        {
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }
        }

        public async Task<Node> DatabaseAsync()
        {
            var name = $"catalog{Interlocked.Increment(ref _databases)}";
            await _postgres!.CreateDatabaseAsync(name);
            return new Node(_postgres.ConnectionString(name));
        }

        public async Task<Node> MigratedDatabaseAsync()
        {
            var node = await DatabaseAsync();
            await new PostgresCatalogStore(node.Database).MigrateAsync(default);
            return node;
        }
    }

    /// <summary>One node's connection pool to a test database.</summary>
    public sealed class Node(string connectionString) : IAsyncDisposable
    {
        public PostgresCatalogDatabase Database { get; } = new(connectionString);

        public Node SecondNode() => new(connectionString + ";Application Name=second");

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }
}
