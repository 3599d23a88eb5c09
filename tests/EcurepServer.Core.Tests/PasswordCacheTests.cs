using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tests.Support;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

/// <summary>The password verification cache behind logins, and the bounded pool PBKDF2 runs on.</summary>
public sealed class PasswordCacheTests : IDisposable
{
    private const string Password = "password-of-alice";
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly SessionContext Session = new("s1", "Europe", "ftps", new IPEndPoint(IPAddress.Loopback, 40000));

    private readonly MemoryAccountCatalog _catalog = new();
    private readonly ManualTimeProvider _time = new();
    private readonly List<AccountStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(store => store.Dispose());
    }

    [Fact]
    public async Task A_repeated_correct_login_hits_the_cache_and_a_wrong_one_never_does()
    {
        var accounts = NewStore();
        var login = NewLogin(accounts);
        await accounts.AddAsync("E-ALICE", Password, CancellationToken.None);

        Assert.True((await LoginAsync(login, Password)).Succeeded);
        Assert.Equal(0, accounts.PasswordCacheHits);
        Assert.True((await LoginAsync(login, Password)).Succeeded);
        Assert.Equal(1, accounts.PasswordCacheHits);

        // A wrong password right after a correct one: no hit, the full PBKDF2 and the full delay.
        var wrong = await FailsAfterDelayAsync(LoginAsync(login, "password-of-mallory"));
        Assert.Equal(LoginFailure.WrongCredentials, wrong.Failure);
        Assert.Equal(1, accounts.PasswordCacheHits);
        await FailsAfterDelayAsync(LoginAsync(login, Password + "x"));
        await FailsAfterDelayAsync(LoginAsync(login, Password[..^1]));
        Assert.Equal(1, accounts.PasswordCacheHits);

        Assert.True((await LoginAsync(login, Password)).Succeeded);
        Assert.Equal(2, accounts.PasswordCacheHits);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public async Task A_password_changed_by_the_cli_refuses_the_old_one_at_once()
    {
        var server = NewStore();
        var cli = NewStore();
        var login = NewLogin(server);
        await cli.AddAsync("E-ALICE", Password, CancellationToken.None);
        Assert.True((await LoginAsync(login, Password)).Succeeded);
        Assert.True((await LoginAsync(login, Password)).Succeeded);
        Assert.Equal(1, server.PasswordCacheHits);

        // Changed by another process or node: the server's next login sees the catalog's account stamp move.
        Assert.True((await cli.SetPasswordAsync("E-ALICE", "password-of-alice-2", CancellationToken.None)).Succeeded);

        await FailsAfterDelayAsync(LoginAsync(login, Password));
        Assert.True((await LoginAsync(login, "password-of-alice-2")).Succeeded);
        Assert.Equal(1, server.PasswordCacheHits);

        Assert.True((await cli.RemoveAsync("E-ALICE", CancellationToken.None)).Succeeded);
        await FailsAfterDelayAsync(LoginAsync(login, "password-of-alice-2"));
        Assert.Equal(1, server.PasswordCacheHits);
    }

    [Fact]
    public async Task Entries_expire_and_a_zero_duration_turns_the_cache_off()
    {
        var cached = NewStore();
        await cached.AddAsync("E-ALICE", Password, CancellationToken.None);
        Assert.True(await cached.VerifyAsync("E-ALICE", Password, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await cached.VerifyAsync("E-ALICE", Password, CancellationToken.None));
        Assert.Equal(0, cached.PasswordCacheHits);
        Assert.True(await cached.VerifyAsync("E-ALICE", Password, CancellationToken.None));
        Assert.Equal(1, cached.PasswordCacheHits);

        var uncached = NewStore(TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await uncached.VerifyAsync("E-ALICE", Password, CancellationToken.None));
        }

        Assert.Equal(0, uncached.PasswordCacheHits);
    }

    [Fact]
    public async Task The_pool_runs_a_bounded_number_of_checks_queues_a_bounded_number_and_refuses_the_rest()
    {
        using var pool = new PasswordCheckPool(maxConcurrent: 1, maxQueued: 1);
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        bool Blocking()
        {
            entered.Release();
            release.Wait(TimeSpan.FromSeconds(30));
            return true;
        }

        var running = Task.Run(() => pool.TryRunAsync(Blocking, CancellationToken.None).AsTask());
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)));
        var queued = pool.TryRunAsync(() => false, CancellationToken.None).AsTask();
        var refused = await pool.TryRunAsync(() => true, CancellationToken.None);

        Assert.Null(refused);
        Assert.False(queued.IsCompleted);
        release.Set();
        Assert.True(await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await queued.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await pool.TryRunAsync(() => true, CancellationToken.None));
    }

    [Fact]
    public void The_options_are_validated_with_their_full_keys()
    {
        var errors = new AccountOptions
        {
            AccountsFile = "accounts.json",
            PasswordCacheDuration = TimeSpan.FromSeconds(-1),
            MaxConcurrentPasswordChecks = 0,
            MaxQueuedPasswordChecks = -1,
        }.Validate();

        Assert.Contains(errors, e => e.StartsWith("EcurepServer:PasswordCacheDuration ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:MaxConcurrentPasswordChecks ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:MaxQueuedPasswordChecks ", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(5), new AccountOptions().PasswordCacheDuration);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), new AccountOptions().MaxConcurrentPasswordChecks);
    }

    private static Task<LoginResult> LoginAsync(LoginService login, string password) =>
        login.LoginAsync(Session, "E-ALICE", password, CancellationToken.None).AsTask();

    private AccountStore NewStore(TimeSpan? cacheDuration = null)
    {
        var options = new AccountOptions { AccountsFile = "accounts.json" };
        if (cacheDuration is { } duration)
        {
            options.PasswordCacheDuration = duration;
        }

        var store = new AccountStore(_catalog, Options.Create(options), new PasswordHasher(1000), _time, new ListLogger<AccountStore>());
        _stores.Add(store);
        return store;
    }

    private LoginService NewLogin(AccountStore accounts) => new(
        accounts,
        new ConfiguredSitePolicy(Options.Create(new SitePolicyOptions())),
        Options.Create(new DropBoxOptions { FailedLoginDelay = Delay }),
        _time,
        new ListLogger<LoginService>());

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
