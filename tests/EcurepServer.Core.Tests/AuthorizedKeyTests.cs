using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

public sealed class AuthorizedKeyTests : IDisposable
{
    private const string Alice = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHnq4eRmtEFFNkTadTCTKwSoX9JjSGADqxczAN6ducZf alice@example";
    private const string AliceFingerprint = "SHA256:yyEhhq97C9BCX6A51vIJdUrpF33qxEW10hUcxuCgWk8";
    private const string Bob = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDzgR0aew6JLYUoLo0iWr51ORWv7mzzTPYqFaA+rlu0G0zXU4HiYDj763W7mwVn8C9GFi7Qx8gbsZqJUYL4tWaw= bob";
    private const string Id = "E-ABCD12345f";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _directory = new();
    private readonly AccountStore _store;

    public AuthorizedKeyTests()
    {
        var options = Options.Create(new AccountOptions { AccountsFile = _directory.Combine("accounts.json"), Pbkdf2Iterations = 1000 });
        _store = new AccountStore(new Support.MemoryAccountCatalog(), options, new PasswordHasher(1000), new ManualTimeProvider(), new ListLogger<AccountStore>());
    }

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Parses_an_authorized_keys_line_with_the_fingerprint_ssh_keygen_prints()
    {
        Assert.True(AuthorizedKey.TryParse(Alice, out var key, out _));
        Assert.Equal("ssh-ed25519", key!.KeyType);
        Assert.Equal("alice@example", key.Comment);
        Assert.Equal(AliceFingerprint, key.Fingerprint);
        Assert.Equal(Alice, key.ToLine());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-ed25519 not-base64!")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHnq4eRmtEFFNkTadTCTKwSoX9JjSGADqxczAN6ducZf")]
    [InlineData("ssh-ed25519 AAAA")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHnq4eRmtEFFNkTadTCTKwSoX9JjSGADqxczAN6ducZf\nssh-ed25519 AAAA")]
    public void Refuses_what_is_not_one_key_of_the_named_type(string line)
    {
        Assert.False(AuthorizedKey.TryParse(line, out var key, out var problem));
        Assert.Null(key);
        Assert.NotEmpty(problem);
    }

    [Fact]
    public async Task A_key_added_to_an_account_authorizes_exactly_that_key_for_that_account()
    {
        await _store.AddAsync(Id, "password-1", None);
        await _store.AddAsync("E-OTHER1234a", "password-1", None);
        Assert.True((await _store.AddKeyAsync(Id, Alice, None)).Succeeded);
        AuthorizedKey.TryParse(Alice, out var alice, out _);
        AuthorizedKey.TryParse(Bob, out var bob, out _);

        Assert.True(await _store.IsKeyAuthorizedAsync(Id, alice!.KeyType, alice.Blob, None));
        Assert.False(await _store.IsKeyAuthorizedAsync(Id, bob!.KeyType, bob.Blob, None));
        Assert.False(await _store.IsKeyAuthorizedAsync("E-OTHER1234a", alice.KeyType, alice.Blob, None));
        Assert.False(await _store.IsKeyAuthorizedAsync(Id, "ssh-rsa", alice.Blob, None));
        Assert.Equal(AliceFingerprint, Assert.Single((await _store.ListKeysAsync(Id, None))!).Fingerprint);
    }

    [Fact]
    public async Task Refuses_duplicates_malformed_keys_and_unknown_ids_and_removes_by_fingerprint()
    {
        await _store.AddAsync(Id, "password-1", None);
        await _store.AddKeyAsync(Id, Alice, None);

        Assert.Equal(AccountRefusal.AlreadyExists, (await _store.AddKeyAsync(Id, Alice, None)).Refusal);
        Assert.Equal(AccountRefusal.InvalidKey, (await _store.AddKeyAsync(Id, "garbage", None)).Refusal);
        Assert.Equal(AccountRefusal.NotFound, (await _store.AddKeyAsync("E-NOBODY1234", Bob, None)).Refusal);
        Assert.Null(await _store.ListKeysAsync("E-NOBODY1234", None));
        Assert.Equal(AccountRefusal.NotFound, (await _store.RemoveKeyAsync(Id, "SHA256:nope", None)).Refusal);

        Assert.True((await _store.RemoveKeyAsync(Id, AliceFingerprint, None)).Succeeded);
        Assert.Empty((await _store.ListKeysAsync(Id, None))!);
        Assert.True(await _store.VerifyAsync(Id, "password-1", None));
    }
}
