using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.FromIbm;
using EcurepServer.Core.Tests.Support;
using Microsoft.Extensions.Options;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

public sealed class FromIbmFilesTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly DropBoxFixture _fixture = new();
    private readonly TempDirectory _outside = new();
    private readonly AccountStore _accounts;
    private readonly FromIbmFiles _files;

    public FromIbmFilesTests()
    {
        var accountOptions = Options.Create(new AccountOptions { AccountsFile = _outside.Combine("accounts.json"), Pbkdf2Iterations = 1000 });
        _accounts = new AccountStore(new Support.MemoryAccountCatalog(), accountOptions, new PasswordHasher(1000), _fixture.Time, new ListLogger<AccountStore>());
        _files = new FromIbmFiles(Options.Create(_fixture.Options), _accounts, new ListLogger<FromIbmFiles>());
    }

    public void Dispose()
    {
        _accounts.Dispose();
        _outside.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task The_account_lists_and_reads_its_file_and_nobody_else_sees_it()
    {
        await AddAccountsAsync();
        var source = await SourceAsync("fix.zip", "the fix");

        var placed = await _files.PutAsync(Alice.Name, source, null, replace: false, None);

        Assert.True(placed.Succeeded, placed.Refusal?.Message);
        Assert.Equal(new FromIbmFile(Alice.Name, "/fromibm/fix.zip", Path.Combine(_fixture.FromIbm(Alice.Name), "fix.zip"), 7, false), placed.Value);
        var alice = _fixture.Open(Alice);
        Assert.Equal(["fix.zip"], alice.List(P("/fromibm")).Value!.Select(n => n.Name));
        await using (var stream = alice.OpenRead(P("/fromibm/fix.zip"), 0).Value!)
        {
            Assert.Equal("the fix", await new StreamReader(stream).ReadToEndAsync());
        }

        Assert.Empty(_fixture.Open(Bob).List(P("/fromibm")).Value!);
        Assert.False(_fixture.Open(Bob).OpenRead(P("/fromibm/fix.zip"), 0).Succeeded);
        Assert.Empty(_fixture.Open(Guest).List(P("/fromibm")).Value!);
        Assert.Empty(Directory.GetFiles(Path.Combine(_fixture.DataDirectory, "fromibm", ".incoming")));
    }

    [Fact]
    public async Task The_name_can_differ_from_the_source()
    {
        await AddAccountsAsync();

        var placed = await _files.PutAsync(Alice.Name, await SourceAsync("local.bin", "x"), "TS012345678_answer.txt", replace: false, None);

        Assert.Equal("/fromibm/TS012345678_answer.txt", placed.Value!.Path);
        Assert.True(File.Exists(Path.Combine(_fixture.FromIbm(Alice.Name), "TS012345678_answer.txt")));
    }

    [Fact]
    public async Task An_existing_file_is_replaced_only_when_asked()
    {
        await AddAccountsAsync();
        await _files.PutAsync(Alice.Name, await SourceAsync("fix.zip", "first"), null, replace: false, None);

        var refused = await _files.PutAsync(Alice.Name, await SourceAsync("fix.zip", "second"), null, replace: false, None);
        Assert.Equal(RefusalKind.AlreadyExists, refused.Refusal!.Kind);
        Assert.Equal("first", await File.ReadAllTextAsync(Path.Combine(_fixture.FromIbm(Alice.Name), "fix.zip")));

        var replaced = await _files.PutAsync(Alice.Name, await SourceAsync("fix.zip", "second"), null, replace: true, None);
        Assert.True(replaced.Value!.Replaced);
        Assert.Equal("second", await File.ReadAllTextAsync(Path.Combine(_fixture.FromIbm(Alice.Name), "fix.zip")));
    }

    [Theory]
    [InlineData("anonymous", RefusalKind.PermissionDenied)]
    [InlineData("FTP", RefusalKind.PermissionDenied)]
    [InlineData("E-NOBODY0000x", RefusalKind.NotFound)]
    [InlineData("e-alice00001a", RefusalKind.NotFound)]
    [InlineData("../E-ALICE00001a", RefusalKind.NotFound)]
    public async Task Unknown_and_anonymous_accounts_are_refused(string id, RefusalKind kind)
    {
        await AddAccountsAsync();

        var outcome = await _files.PutAsync(id, await SourceAsync("fix.zip", "x"), null, replace: true, None);

        Assert.Equal(kind, outcome.Refusal!.Kind);
        Assert.False(Directory.Exists(Path.Combine(_fixture.DataDirectory, "fromibm")) && Directory.EnumerateFiles(Path.Combine(_fixture.DataDirectory, "fromibm"), "*", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData("../escape.zip")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Bad_names_are_refused(string name)
    {
        await AddAccountsAsync();

        var outcome = await _files.PutAsync(Alice.Name, await SourceAsync("fix.zip", "x"), name, replace: false, None);

        Assert.Equal(RefusalKind.InvalidPath, outcome.Refusal!.Kind);
        Assert.False(Directory.Exists(_fixture.FromIbm(Alice.Name)));
    }

    [Fact]
    public async Task A_missing_or_directory_source_is_refused()
    {
        await AddAccountsAsync();

        Assert.Equal(RefusalKind.NotFound, (await _files.PutAsync(Alice.Name, _outside.Combine("missing.zip"), null, false, None)).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotAFile, (await _files.PutAsync(Alice.Name, _outside.Path, "x", false, None)).Refusal!.Kind);
    }

    [Fact]
    public async Task A_directory_in_the_way_is_never_replaced()
    {
        await AddAccountsAsync();
        Directory.CreateDirectory(Path.Combine(_fixture.FromIbm(Alice.Name), "fix.zip"));

        var outcome = await _files.PutAsync(Alice.Name, await SourceAsync("fix.zip", "x"), null, replace: true, None);

        Assert.Equal(RefusalKind.NotAFile, outcome.Refusal!.Kind);
    }

    private async Task AddAccountsAsync()
    {
        Assert.True((await _accounts.AddAsync(Alice.Name, "password-1", None)).Succeeded);
        Assert.True((await _accounts.AddAsync(Bob.Name, "password-2", None)).Succeeded);
    }

    private async Task<string> SourceAsync(string name, string content)
    {
        var path = _outside.Combine(name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
