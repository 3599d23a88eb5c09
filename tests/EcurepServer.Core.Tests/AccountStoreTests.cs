using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Tests.Support;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

public sealed class AccountStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly MemoryAccountCatalog _catalog = new();
    private readonly ManualTimeProvider _time = new();
    private readonly List<AccountStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Verify_matches_id_case_sensitively()
    {
        var store = NewStore();
        await store.AddAsync("E-ABCD12345f", "password-1", None);

        Assert.True(await store.VerifyAsync("E-ABCD12345f", "password-1", None));
        Assert.False(await store.VerifyAsync("E-ABCD12345f", "password-2", None));
        Assert.False(await store.VerifyAsync("e-abcd12345f", "password-1", None));
        Assert.False(await store.VerifyAsync("nobody", "password-1", None));
    }

    [Fact]
    public async Task Add_refuses_duplicates_reserved_and_malformed_ids_and_short_passwords()
    {
        var store = NewStore();
        await store.AddAsync("E-ABCD12345f", "password-1", None);

        Assert.Equal(AccountRefusal.AlreadyExists, (await store.AddAsync("E-ABCD12345f", "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.AlreadyExists, (await store.AddAsync("e-abcd12345F", "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.InvalidId, (await store.AddAsync("anonymous", "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.InvalidId, (await store.AddAsync("FTP", "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.InvalidId, (await store.AddAsync("-leading", "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.InvalidId, (await store.AddAsync("has space", "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.InvalidId, (await store.AddAsync("../evil", "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.InvalidId, (await store.AddAsync(new string('a', 65), "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.InvalidPassword, (await store.AddAsync("E-NEW", "short", None)).Refusal);

        Assert.True((await store.AddAsync(new string('a', 64), "password-2", None)).Succeeded);
        Assert.Equal(["E-ABCD12345f", new string('a', 64)], (await store.ListAsync(None)).Select(a => a.Id));
    }

    [Fact]
    public async Task Remove_and_set_password()
    {
        var store = NewStore();
        await store.AddAsync("E-ONE", "password-1", None);
        await store.AddAsync("E-TWO", "password-2", None);

        Assert.True((await store.SetPasswordAsync("E-ONE", "password-new", None)).Succeeded);
        Assert.False(await store.VerifyAsync("E-ONE", "password-1", None));
        Assert.True(await store.VerifyAsync("E-ONE", "password-new", None));
        Assert.Equal(AccountRefusal.NotFound, (await store.SetPasswordAsync("E-NONE", "password-new", None)).Refusal);

        Assert.True((await store.RemoveAsync("E-ONE", None)).Succeeded);
        Assert.False(await store.VerifyAsync("E-ONE", "password-new", None));
        Assert.Equal(AccountRefusal.NotFound, (await store.RemoveAsync("E-ONE", None)).Refusal);
        Assert.Equal(["E-TWO"], (await store.ListAsync(None)).Select(a => a.Id));
    }

    [Fact]
    public async Task Running_server_sees_changes_made_by_the_cli()
    {
        var server = NewStore();
        Assert.False(await server.VerifyAsync("E-LATE", "password-1", None));

        var cli = NewStore();
        await cli.AddAsync("E-LATE", "password-1", None);
        Assert.True(await server.VerifyAsync("E-LATE", "password-1", None));

        await cli.SetPasswordAsync("E-LATE", "password-2", None);
        Assert.True(await server.VerifyAsync("E-LATE", "password-2", None));

        await cli.RemoveAsync("E-LATE", None);
        Assert.False(await server.VerifyAsync("E-LATE", "password-2", None));
    }

    [Fact]
    public async Task An_accounts_own_quota_is_kept_only_when_set_and_a_negative_one_is_refused()
    {
        var store = NewStore();
        await store.AddAsync("E-ONE", "password-1", None);
        Assert.Null(Assert.Single(await _catalog.ListAsync(None)).QuotaBytesPerDay);

        Assert.Equal("E-ONE may upload 5000 bytes a day.", (await store.SetQuotaAsync("E-ONE", 5000, None)).Message);
        Assert.Equal(5000, await store.QuotaBytesPerDayAsync("E-ONE", None));
        Assert.Equal(5000, Assert.Single(await _catalog.ListAsync(None)).QuotaBytesPerDay);

        Assert.Equal(AccountRefusal.InvalidQuota, (await store.SetQuotaAsync("E-ONE", -1, None)).Refusal);
        Assert.Equal(AccountRefusal.NotFound, (await store.SetQuotaAsync("E-NONE", 1, None)).Refusal);
        Assert.Equal("E-ONE may upload without a quota.", (await store.SetQuotaAsync("E-ONE", 0, None)).Message);
        Assert.Equal(0, await store.QuotaBytesPerDayAsync("E-ONE", None));
        Assert.Equal("E-ONE uploads under the configured quota.", (await store.SetQuotaAsync("E-ONE", null, None)).Message);
        Assert.Null(await store.QuotaBytesPerDayAsync("E-ONE", None));
        Assert.Equal(AccountRefusal.NotFound, (await store.SetQuotaAsync("e-one", 1, None)).Refusal);
    }

    [Fact]
    public async Task Add_keeps_the_hash_and_never_the_password_in_the_catalog()
    {
        var store = NewStore();
        Assert.True((await store.AddAsync("E-ABCD12345f", "password-1", None)).Succeeded);

        var account = Assert.Single(await _catalog.ListAsync(None));
        Assert.Equal("E-ABCD12345f", account.Id);
        Assert.StartsWith("pbkdf2-sha256$1000$", account.PasswordHash, StringComparison.Ordinal);
        Assert.DoesNotContain("password-1", account.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow(), account.Created);
        Assert.Empty(account.AuthorizedKeys);
    }

    [Fact]
    public async Task Changes_name_the_id_in_its_own_case()
    {
        var store = NewStore();
        await store.AddAsync("E-ONE", "password-1", None);

        Assert.Equal(AccountRefusal.NotFound, (await store.SetPasswordAsync("e-one", "password-2", None)).Refusal);
        Assert.Equal(AccountRefusal.NotFound, (await store.RemoveAsync("e-one", None)).Refusal);
        Assert.True(await store.VerifyAsync("E-ONE", "password-1", None));
    }

    [Fact]
    public async Task Logins_read_the_catalogs_stamp_and_the_accounts_only_when_it_moved()
    {
        var server = NewStore();
        var cli = NewStore();
        await cli.AddAsync("E-ONE", "password-1", None);
        Assert.True(await server.VerifyAsync("E-ONE", "password-1", None));
        var lists = _catalog.Lists;

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await server.VerifyAsync("E-ONE", "password-1", None));
            Assert.False(await server.VerifyAsync("E-NONE", "password-1", None));
        }

        Assert.Equal(lists, _catalog.Lists);
        await cli.AddAsync("E-TWO", "password-2", None);
        Assert.True(await server.VerifyAsync("E-TWO", "password-2", None));
        Assert.Equal(lists + 2, _catalog.Lists);
    }

    [Fact]
    public async Task A_new_catalog_is_pristine_until_an_account_was_ever_in_it()
    {
        var store = NewStore();
        Assert.True(await store.IsPristineAsync(None));
        await store.AddAsync("E-ONE", "password-1", None);
        await store.RemoveAsync("E-ONE", None);
        Assert.False(await store.IsPristineAsync(None));
    }

    [Fact]
    public void Generated_passwords_are_long_random_and_unambiguous()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => AccountStore.GeneratePassword()).ToList();
        Assert.All(passwords, p =>
        {
            Assert.Equal(20, p.Length);
            Assert.True(p.All(char.IsAsciiLetterOrDigit));
            Assert.DoesNotContain(p, c => "0O1lI".Contains(c, StringComparison.Ordinal));
        });
        Assert.Equal(passwords.Count, passwords.Distinct(StringComparer.Ordinal).Count());
    }

    private AccountStore NewStore()
    {
        var options = Options.Create(new AccountOptions { AccountsFile = "accounts.json", Pbkdf2Iterations = 1000 });
        var store = new AccountStore(_catalog, options, new PasswordHasher(1000), _time, new ListLogger<AccountStore>());
        _stores.Add(store);
        return store;
    }
}
