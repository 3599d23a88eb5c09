using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Catalog.Sqlite.Tests;

public sealed class SqliteAccountCatalogTests : IDisposable
{
    private const string Password = "password-of-alice";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly CatalogAccount Alice = new("E-ALICE00001a", "pbkdf2-sha256$1000$c2FsdA==$aGFzaA==", SqliteCatalogFixture.Now, ["ssh-ed25519 AAAA alice@laptop"], 5000);

    private readonly SqliteCatalogFixture _fixture = new();
    private readonly List<AccountStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(store => store.Dispose());
        _fixture.Dispose();
    }

    [Fact]
    public async Task An_account_keeps_its_hash_keys_and_quota_and_every_change_moves_the_stamp()
    {
        await _fixture.MigratedAsync();
        var catalog = new SqliteAccountCatalog(_fixture.Open());
        Assert.Equal(0, await catalog.StampAsync(None));

        Assert.True(await catalog.AddAsync(Alice, None));
        var added = await catalog.StampAsync(None);
        Assert.False(await catalog.AddAsync(Alice with { Id = "e-alice00001A", PasswordHash = "other" }, None));
        Assert.Equal(added, await catalog.StampAsync(None));
        var stored = Assert.Single(await catalog.ListAsync(None));
        Assert.Equal(Alice with { AuthorizedKeys = stored.AuthorizedKeys }, stored);
        Assert.Equal(Alice.AuthorizedKeys, stored.AuthorizedKeys);

        Assert.True(await catalog.UpdateAsync("E-ALICE00001a", a => a with { QuotaBytesPerDay = null, AuthorizedKeys = [] }, None));
        var updated = await catalog.StampAsync(None);
        Assert.True(updated > added);
        Assert.Null(Assert.Single(await catalog.ListAsync(None)).QuotaBytesPerDay);
        Assert.False(await catalog.UpdateAsync("E-NOBODY", a => a, None));

        Assert.True(await catalog.RemoveAsync("E-ALICE00001a", None));
        Assert.True(await catalog.StampAsync(None) > updated);
        Assert.False(await catalog.RemoveAsync("E-ALICE00001a", None));
        Assert.Empty(await catalog.ListAsync(None));
    }

    [Fact]
    public async Task A_change_by_another_process_applies_at_the_next_login_and_refuses_a_cached_old_password()
    {
        await _fixture.MigratedAsync();
        var server = Store();
        var cli = Store();
        Assert.True((await cli.AddAsync("E-ALICE00001a", Password, None)).Succeeded);
        Assert.True(await server.VerifyAsync("E-ALICE00001a", Password, None));
        Assert.True(await server.VerifyAsync("E-ALICE00001a", Password, None));
        Assert.Equal(1, server.PasswordCacheHits);

        Assert.True((await cli.SetPasswordAsync("E-ALICE00001a", "password-of-alice-2", None)).Succeeded);
        Assert.False(await server.VerifyAsync("E-ALICE00001a", Password, None));
        Assert.True(await server.VerifyAsync("E-ALICE00001a", "password-of-alice-2", None));

        Assert.True((await cli.SetQuotaAsync("E-ALICE00001a", 7, None)).Succeeded);
        Assert.Equal(7, await server.QuotaBytesPerDayAsync("E-ALICE00001a", None));

        Assert.True((await cli.RemoveAsync("E-ALICE00001a", None)).Succeeded);
        Assert.False(await server.VerifyAsync("E-ALICE00001a", "password-of-alice-2", None));
        Assert.Equal(1, server.PasswordCacheHits);
    }

    [Fact]
    public async Task The_accounts_file_is_imported_once_with_its_keys_and_quotas()
    {
        var store = await _fixture.MigratedAsync();
        var catalog = new SqliteAccountCatalog(_fixture.Open());
        var bob = Alice with { Id = "E-BOB00002b", AuthorizedKeys = [], QuotaBytesPerDay = null };

        Assert.True(await store.ImportAsync(new CatalogImport("accounts", [], [], [Alice, bob], []), None));
        Assert.False(await store.ImportAsync(new CatalogImport("accounts", [], [], [Alice with { Id = "E-LATE" }], []), None));

        var accounts = await catalog.ListAsync(None);
        Assert.Equal(["E-ALICE00001a", "E-BOB00002b"], accounts.Select(a => a.Id));
        Assert.Equal(Alice.AuthorizedKeys, accounts[0].AuthorizedKeys);
        Assert.Equal(5000, accounts[0].QuotaBytesPerDay);
        Assert.NotEqual(0, await catalog.StampAsync(None));
    }

    private AccountStore Store()
    {
        var store = new AccountStore(
            new SqliteAccountCatalog(_fixture.Open()),
            Options.Create(new AccountOptions { AccountsFile = "accounts.json" }),
            new PasswordHasher(1000),
            TimeProvider.System,
            NullLogger<AccountStore>.Instance);
        _stores.Add(store);
        return store;
    }
}
