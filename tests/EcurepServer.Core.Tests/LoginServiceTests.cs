using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

public sealed class LoginServiceTests : IDisposable
{
    private const string Password = "password-of-alice";
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly SessionContext Europe = new("s1", "Europe", "ftps", new IPEndPoint(IPAddress.Loopback, 40000));
    private static readonly SessionContext Americas = new("s2", "Americas", "sftp", new IPEndPoint(IPAddress.Loopback, 40001));

    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly ListLogger<LoginService> _logger = new();
    private readonly AccountStore _accounts;
    private readonly LoginService _login;

    public LoginServiceTests()
    {
        _accounts = new AccountStore(
            new Support.MemoryAccountCatalog(),
            Options.Create(new AccountOptions { AccountsFile = _directory.Combine("accounts.json") }),
            new PasswordHasher(1000),
            _time,
            new ListLogger<AccountStore>());
        var sites = new SitePolicyOptions();
        sites.Sites["europe"] = new SitePolicy { AllowAnonymous = true };
        sites.Sites["Americas"] = new SitePolicy { AllowAnonymous = false };
        _login = new LoginService(
            _accounts,
            new ConfiguredSitePolicy(Options.Create(sites)),
            Options.Create(new DropBoxOptions { FailedLoginDelay = Delay }),
            _time,
            _logger);
    }

    public void Dispose()
    {
        _accounts.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("anonymous", true)]
    [InlineData("ANONYMOUS", true)]
    [InlineData("ftp", true)]
    [InlineData("Ftp", true)]
    [InlineData("anon", false)]
    [InlineData("E-ABCD12345f", false)]
    [InlineData("", false)]
    public void Knows_the_anonymous_names(string user, bool anonymous)
    {
        Assert.Equal(anonymous, _login.IsAnonymousName(user));
    }

    [Fact]
    public async Task Transfer_id_with_the_right_password_logs_in_without_delay()
    {
        await _accounts.AddAsync("E-ALICE", Password, CancellationToken.None);

        var result = await LoginAsync(Europe, "E-ALICE", Password).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded);
        Assert.Equal(new Principal("E-ALICE", IsAnonymous: false), result.Principal);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public async Task A_transfer_id_logs_in_with_an_authorized_key_and_anonymous_never_does()
    {
        const string line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHnq4eRmtEFFNkTadTCTKwSoX9JjSGADqxczAN6ducZf";
        AuthorizedKey.TryParse(line, out var key, out _);
        await _accounts.AddAsync("E-ALICE", Password, CancellationToken.None);
        await _accounts.AddKeyAsync("E-ALICE", line, CancellationToken.None);

        var alice = await _login.AuthorizeKeyAsync(Americas, "E-ALICE", key!.KeyType, key.Blob, CancellationToken.None);
        var anonymous = await _login.AuthorizeKeyAsync(Europe, "anonymous", key.KeyType, key.Blob, CancellationToken.None);
        var stranger = await _login.AuthorizeKeyAsync(Europe, "E-NOBODY", key.KeyType, key.Blob, CancellationToken.None);

        Assert.Equal(new Principal("E-ALICE", IsAnonymous: false), alice.Principal);
        Assert.False(anonymous.Succeeded);
        Assert.False(stranger.Succeeded);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Theory]
    [InlineData("E-ALICE", "wrong-password", LoginFailure.WrongCredentials)]
    [InlineData("e-alice", Password, LoginFailure.UnknownAccount)]
    [InlineData("E-NOBODY", Password, LoginFailure.UnknownAccount)]
    [InlineData("not a valid id", Password, LoginFailure.UnknownAccount)]
    [InlineData("", "", LoginFailure.UnknownAccount)]
    public async Task Wrong_credentials_fail_after_the_delay(string user, string password, LoginFailure failure)
    {
        await _accounts.AddAsync("E-ALICE", Password, CancellationToken.None);

        var result = await FailsAfterDelayAsync(LoginAsync(Europe, user, password));

        Assert.Equal(failure, result.Failure);
        Assert.Null(result.Principal);
    }

    [Theory]
    [InlineData("anonymous", "lftp@")]
    [InlineData("ftp", "ftp@example.com")]
    [InlineData("Anonymous", "Someone@Example.COM")]
    [InlineData("anonymous", "guest")]
    [InlineData("anonymous", "two words@example.com")]
    [InlineData("anonymous", "Jürgen Müller, Ehningen")]
    public async Task Anonymous_with_any_text_logs_in_where_the_site_allows_it(string user, string email)
    {
        var result = await LoginAsync(Europe, user, email).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded);
        Assert.True(result.Principal!.IsAnonymous);
        Assert.Equal("anonymous", result.Principal.Name);
        Assert.Equal(email, result.Principal.AnonymousEmail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\t@example.com")]
    [InlineData("ctl\u0001@example.com")]
    [InlineData("line\u2028break")]
    [InlineData("bidi\u202Eoverride")]
    public async Task Anonymous_needs_some_printable_text(string password)
    {
        var result = await FailsAfterDelayAsync(LoginAsync(Europe, "anonymous", password));
        Assert.Equal(LoginFailure.InvalidEmail, result.Failure);
    }

    [Fact]
    public async Task Anonymous_text_with_a_lone_surrogate_is_refused()
    {
        // Built here: xunit would turn a lone surrogate in InlineData into U+FFFD.
        var result = await FailsAfterDelayAsync(LoginAsync(Europe, "anonymous", "lone " + '\uD800' + " surrogate"));
        Assert.Equal(LoginFailure.InvalidEmail, result.Failure);
    }

    [Fact]
    public async Task Anonymous_email_length_is_bounded()
    {
        var at254 = new string('a', 240) + "@example.com";
        Assert.Equal(252, at254.Length);
        Assert.True((await LoginAsync(Europe, "anonymous", at254 + "xx").WaitAsync(TimeSpan.FromSeconds(30))).Succeeded);

        var result = await FailsAfterDelayAsync(LoginAsync(Europe, "anonymous", at254 + "xxx"));
        Assert.Equal(LoginFailure.InvalidEmail, result.Failure);
    }

    [Fact]
    public async Task Anonymous_is_refused_where_the_site_does_not_allow_it()
    {
        var result = await FailsAfterDelayAsync(LoginAsync(Americas, "anonymous", "me@example.com"));
        Assert.Equal(LoginFailure.AnonymousNotAllowed, result.Failure);

        var unknownSite = Europe with { Site = "Mars" };
        Assert.Equal(LoginFailure.AnonymousNotAllowed, (await FailsAfterDelayAsync(LoginAsync(unknownSite, "ftp", "me@example.com"))).Failure);
    }

    [Fact]
    public async Task Failures_are_logged_with_session_properties_but_never_the_password()
    {
        await _accounts.AddAsync("E-ALICE", Password, CancellationToken.None);
        await FailsAfterDelayAsync(LoginAsync(Europe, "E-ALICE", "the-secret-guess"));

        var entry = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("E-ALICE", entry.Properties["User"]);
        Assert.Equal("s1", entry.Properties["SessionId"]);
        Assert.Equal("Europe", entry.Properties["Site"]);
        Assert.Equal("ftps", entry.Properties["Protocol"]);
        Assert.Equal(Europe.RemoteEndPoint, entry.Properties["RemoteEndPoint"]);
        Assert.All(_logger.Entries, e =>
        {
            Assert.DoesNotContain("the-secret-guess", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(e.Properties.Values, v => v?.ToString()?.Contains("the-secret-guess", StringComparison.Ordinal) == true);
        });
    }

    [Fact]
    public async Task Cancellation_ends_the_delay()
    {
        using var cancel = new CancellationTokenSource();
        var login = _login.LoginAsync(Europe, "E-NOBODY", "x", cancel.Token).AsTask();
        await _time.WaitForPendingTimerAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => login);
    }

    private Task<LoginResult> LoginAsync(SessionContext session, string user, string password) =>
        _login.LoginAsync(session, user, password, CancellationToken.None).AsTask();

    private async Task<LoginResult> FailsAfterDelayAsync(Task<LoginResult> login)
    {
        await _time.WaitForPendingTimerAsync();
        Assert.False(login.IsCompleted);
        _time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        Assert.False(login.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await login.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(result.Succeeded);
        return result;
    }
}
