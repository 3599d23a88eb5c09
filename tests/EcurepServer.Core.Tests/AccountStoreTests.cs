using System.Text.Json;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

public sealed class AccountStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly List<AccountStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _directory.Dispose();
    }

    private string AccountsFile => _directory.Combine("config", "accounts.json");

    [Fact]
    public async Task Add_writes_the_documented_file_format()
    {
        var store = NewStore();
        Assert.True((await store.AddAsync("E-ABCD12345f", "password-1", None)).Succeeded);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(AccountsFile));
        var entry = Assert.Single(json.RootElement.GetProperty("accounts").EnumerateArray());
        Assert.Equal("E-ABCD12345f", entry.GetProperty("id").GetString());
        Assert.StartsWith("pbkdf2-sha256$1000$", entry.GetProperty("passwordHash").GetString(), StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow(), entry.GetProperty("created").GetDateTimeOffset());
        Assert.DoesNotContain("password-1", await File.ReadAllTextAsync(AccountsFile), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AccountsFile));
        }
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
    public async Task A_broken_edit_keeps_the_last_good_accounts_and_blocks_changes()
    {
        var server = NewStore();
        await server.AddAsync("E-ONE", "password-1", None);
        Assert.True(await server.VerifyAsync("E-ONE", "password-1", None));

        await File.WriteAllTextAsync(AccountsFile, "{ \"accounts\": [ {");
        Assert.True(await server.VerifyAsync("E-ONE", "password-1", None));
        await Assert.ThrowsAsync<InvalidDataException>(() => server.AddAsync("E-TWO", "password-2", None).AsTask());
        Assert.Equal("{ \"accounts\": [ {", await File.ReadAllTextAsync(AccountsFile));
    }

    [Fact]
    public async Task An_accounts_own_quota_is_written_only_when_set_and_a_negative_one_is_refused()
    {
        var store = NewStore();
        await store.AddAsync("E-ONE", "password-1", None);
        Assert.DoesNotContain("quotaBytesPerDay", await File.ReadAllTextAsync(AccountsFile), StringComparison.Ordinal);

        Assert.Equal("E-ONE may upload 5000 bytes a day.", (await store.SetQuotaAsync("E-ONE", 5000, None)).Message);
        Assert.Equal(5000, await store.QuotaBytesPerDayAsync("E-ONE", None));
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(AccountsFile)))
        {
            Assert.Equal(5000, json.RootElement.GetProperty("accounts")[0].GetProperty("quotaBytesPerDay").GetInt64());
        }

        Assert.Equal(AccountRefusal.InvalidQuota, (await store.SetQuotaAsync("E-ONE", -1, None)).Refusal);
        Assert.Equal(AccountRefusal.NotFound, (await store.SetQuotaAsync("E-NONE", 1, None)).Refusal);
        Assert.Equal("E-ONE may upload without a quota.", (await store.SetQuotaAsync("E-ONE", 0, None)).Message);
        Assert.Equal(0, await store.QuotaBytesPerDayAsync("E-ONE", None));
        Assert.Equal("E-ONE uploads under the configured quota.", (await store.SetQuotaAsync("E-ONE", null, None)).Message);
        Assert.Null(await store.QuotaBytesPerDayAsync("E-ONE", None));

        // A hand edit with a negative quota is a broken file: the last good accounts stay.
        await store.SetQuotaAsync("E-ONE", 7, None);
        var text = await File.ReadAllTextAsync(AccountsFile);
        await File.WriteAllTextAsync(AccountsFile, text.Replace("\"quotaBytesPerDay\": 7", "\"quotaBytesPerDay\": -7", StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.ListAsync(None).AsTask());
        Assert.Contains("the \"quotaBytesPerDay\" of \"E-ONE\" must be 0 (no quota) or a positive number of bytes, not -7", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, await store.QuotaBytesPerDayAsync("E-ONE", None));
    }

    [Fact]
    public async Task Writes_replace_the_file_atomically_without_leftovers()
    {
        var store = NewStore();
        await store.AddAsync("E-ONE", "password-1", None);
        var lengthBefore = new FileInfo(AccountsFile).Length;
        using (var reader = new FileStream(AccountsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            // A reader holding the old file keeps reading the old, whole content while the store replaces it.
            await store.AddAsync("E-TWO", "password-2", None);
            using var json = await JsonDocument.ParseAsync(reader);
            Assert.Single(json.RootElement.GetProperty("accounts").EnumerateArray());
        }

        Assert.Equal([Path.GetFileName(AccountsFile)], Directory.GetFiles(Path.GetDirectoryName(AccountsFile)!).Select(Path.GetFileName));
        Assert.True(new FileInfo(AccountsFile).Length > lengthBefore);
    }

    [Fact]
    public async Task Missing_file_means_no_accounts()
    {
        var store = NewStore();
        Assert.Empty(await store.ListAsync(None));
        Assert.False(await store.VerifyAsync("E-ONE", "password-1", None));
        Assert.False(File.Exists(AccountsFile));
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
        var options = Options.Create(new AccountOptions { AccountsFile = AccountsFile, Pbkdf2Iterations = 1000 });
        var store = new AccountStore(options, new PasswordHasher(1000), _time, new ListLogger<AccountStore>());
        _stores.Add(store);
        return store;
    }
}
