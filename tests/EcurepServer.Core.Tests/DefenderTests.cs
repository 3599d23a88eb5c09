using System.Diagnostics.Metrics;
using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

public sealed class DefenderTests : IDisposable
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.7");
    private static readonly IPAddress Neighbour = IPAddress.Parse("192.0.2.8");

    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly ListLogger<ClientDefender> _logger = new();
    private readonly List<ClientDefender> _defenders = [];

    public void Dispose()
    {
        foreach (var defender in _defenders)
        {
            defender.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Failed_logins_ban_the_address_when_the_score_reaches_the_threshold_and_no_sooner()
    {
        var defender = Create();

        Report(defender, Guesser, DefenderEvent.FailedLogin, 14);
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));

        Report(defender, Guesser, DefenderEvent.FailedLogin, 1);
        Assert.False(defender.Admits(Guesser, "Europe", "sftp"));
        Assert.True(defender.Admits(Neighbour, "Europe", "sftp"));
        var ban = Assert.Single(await defender.BansAsync(CancellationToken.None));
        Assert.Equal("192.0.2.7", ban.Network);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(30), ban.UntilUtc);
        Assert.Contains(_logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.StartsWith("Banned 192.0.2.7 until", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DefenderEvent.UnknownAccount, 8)]
    [InlineData(DefenderEvent.ProtocolError, 8)]
    [InlineData(DefenderEvent.HostileInput, 3)]
    [InlineData(DefenderEvent.NoLogin, 15)]
    public void Each_event_adds_its_weight(DefenderEvent what, int toBan)
    {
        var defender = Create();

        Report(defender, Guesser, what, toBan - 1);
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));
        Report(defender, Guesser, what, 1);
        Assert.False(defender.Admits(Guesser, "Europe", "ftps"));
    }

    [Fact]
    public void A_weight_of_zero_does_not_count_and_a_score_leaks_away_over_the_observation_time()
    {
        var defender = Create(options => options.Weights.NoLogin = 0);

        Report(defender, Guesser, DefenderEvent.NoLogin, 100);
        Report(defender, Guesser, DefenderEvent.FailedLogin, 14);
        _time.Advance(TimeSpan.FromMinutes(30));
        Report(defender, Guesser, DefenderEvent.FailedLogin, 14);
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));

        _time.Advance(TimeSpan.FromMinutes(2));
        Report(defender, Guesser, DefenderEvent.FailedLogin, 1);
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));
        Report(defender, Guesser, DefenderEvent.FailedLogin, 1);
        Assert.False(defender.Admits(Guesser, "Europe", "ftps"));
    }

    [Fact]
    public async Task Ipv6_addresses_are_scored_per_64_and_ipv4_mapped_addresses_as_ipv4()
    {
        var defender = Create();

        Report(defender, IPAddress.Parse("2001:db8:1:2::10"), DefenderEvent.FailedLogin, 8);
        Report(defender, IPAddress.Parse("2001:db8:1:2:ffff::1"), DefenderEvent.FailedLogin, 7);

        Assert.False(defender.Admits(IPAddress.Parse("2001:db8:1:2:abcd::99"), "Europe", "sftp"));
        Assert.True(defender.Admits(IPAddress.Parse("2001:db8:1:3::10"), "Europe", "sftp"));
        Assert.Equal("2001:db8:1:2::/64", Assert.Single(await defender.BansAsync(CancellationToken.None)).Network);

        Report(defender, Guesser.MapToIPv6(), DefenderEvent.FailedLogin, 15);
        Assert.False(defender.Admits(Guesser, "Europe", "ftps"));
    }

    [Fact]
    public async Task Loopback_is_allow_listed_by_default_and_a_configured_list_replaces_it()
    {
        var byDefault = Create();
        Report(byDefault, IPAddress.Loopback, DefenderEvent.HostileInput, 100);
        Report(byDefault, IPAddress.IPv6Loopback, DefenderEvent.HostileInput, 100);
        Assert.True(byDefault.Admits(IPAddress.Loopback, "Europe", "ftps"));
        Assert.Empty(await byDefault.BansAsync(CancellationToken.None));

        var configured = Create(options => options.AllowList = ["192.0.2.0/24"], "configured");
        Report(configured, Guesser, DefenderEvent.HostileInput, 100);
        Report(configured, IPAddress.Parse("127.0.0.2"), DefenderEvent.HostileInput, 3);
        Assert.True(configured.Admits(Guesser, "Europe", "ftps"));
        Assert.False(configured.Admits(IPAddress.Parse("127.0.0.2"), "Europe", "ftps"));
    }

    [Fact]
    public async Task A_repeated_ban_lasts_longer_up_to_the_maximum_and_offences_are_forgotten_after_the_memory()
    {
        var defender = Create(options => options.MaxBanTime = TimeSpan.FromMinutes(100));
        var lengths = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            Report(defender, Guesser, DefenderEvent.FailedLogin, 15);
            var ban = Assert.Single(await defender.BansAsync(CancellationToken.None));
            lengths.Add(ban.UntilUtc - ban.BannedUtc);
            _time.Advance(ban.UntilUtc - _time.GetUtcNow());
            Assert.True(defender.Admits(Guesser, "Europe", "ftps"));
        }

        _time.Advance(TimeSpan.FromDays(7));
        Report(defender, Guesser, DefenderEvent.FailedLogin, 15);
        var fresh = Assert.Single(await defender.BansAsync(CancellationToken.None));

        Assert.Equal([TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(100), TimeSpan.FromMinutes(100)], lengths);
        Assert.Equal(1, fresh.Offences);
        Assert.Equal(TimeSpan.FromMinutes(30), fresh.UntilUtc - fresh.BannedUtc);
    }

    [Fact]
    public async Task Bans_survive_a_restart_and_a_lift_by_another_process_applies_within_the_poll_interval()
    {
        var running = Create();
        Report(running, Guesser, DefenderEvent.FailedLogin, 15);

        var restarted = Create();
        Assert.False(restarted.Admits(Guesser, "Europe", "ftps"));

        var verb = Create();
        var lifted = await verb.LiftAsync("192.0.2.7", CancellationToken.None);

        Assert.Equal("192.0.2.7", lifted?.Network);
        _time.Advance(new CatalogOptions().PollInterval);
        Assert.True(restarted.Admits(Guesser, "Europe", "ftps"));
        Assert.Empty(await restarted.BansAsync(CancellationToken.None));
        Assert.Null(await verb.LiftAsync("192.0.2.7", CancellationToken.None));
        await Assert.ThrowsAsync<FormatException>(() => verb.LiftAsync("not-an-address", CancellationToken.None));
    }

    [Fact]
    public void A_banned_address_flooding_connections_costs_one_look_at_the_bans_per_poll_interval_not_one_per_connection()
    {
        var bans = new CountingBans(BanFile.In(_directory.Path));
        var defender = new ClientDefender(Options.Create(new DefenderOptions()), Options.Create(new DropBoxOptions { DataDirectory = _directory.Path }), _time, _logger, bans: bans);
        _defenders.Add(defender);
        Report(defender, Guesser, DefenderEvent.FailedLogin, 15);
        var before = bans.Stamps;

        for (var i = 0; i < 1000; i++)
        {
            Assert.False(defender.Admits(Guesser, "Europe", "ftps"));
            Assert.True(defender.Admits(Neighbour, "Europe", "ftps"));
        }

        Assert.InRange(bans.Stamps - before, 0, 1);
        _time.Advance(new CatalogOptions().PollInterval);
        Assert.False(defender.Admits(Guesser, "Europe", "ftps"));
        Assert.InRange(bans.Stamps - before, 1, 2);
    }

    [Fact]
    public void After_the_first_read_the_bans_are_looked_at_off_the_connection_path_and_a_slow_catalog_holds_up_no_connection()
    {
        var bans = new SlowBans(BanFile.In(_directory.Path));
        var defender = new ClientDefender(Options.Create(new DefenderOptions()), Options.Create(new DropBoxOptions { DataDirectory = _directory.Path }), _time, _logger, bans: bans);
        _defenders.Add(defender);
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));
        bans.Blocking = true;
        var elsewhere = Create();
        Report(elsewhere, Guesser, DefenderEvent.FailedLogin, 15);

        _time.Advance(new CatalogOptions().PollInterval);
        Assert.Equal(1, bans.Pending);
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));

        bans.Answer();
        Assert.True(SpinWait.SpinUntil(() => !defender.Admits(Guesser, "Europe", "ftps"), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_ban_applies_here_at_once_is_written_off_the_connection_path_and_listing_and_lifting_await_the_catalog()
    {
        var bans = new GatedBans(BanFile.In(_directory.Path));
        var defender = new ClientDefender(Options.Create(new DefenderOptions()), Options.Create(new DropBoxOptions { DataDirectory = _directory.Path }), _time, _logger, bans: bans);
        _defenders.Add(defender);
        var elsewhere = Create();
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));
        Assert.True(elsewhere.Admits(Guesser, "Europe", "ftps"));
        bans.Blocking = true;

        Report(defender, Guesser, DefenderEvent.FailedLogin, 15);
        var listed = defender.BansAsync(CancellationToken.None);

        Assert.False(defender.Admits(Guesser, "Europe", "ftps"));
        Assert.False(listed.IsCompleted);
        bans.Answer();
        Assert.Equal("192.0.2.7", Assert.Single(await listed).Network);
        _time.Advance(new CatalogOptions().PollInterval);
        Assert.False(elsewhere.Admits(Guesser, "Europe", "ftps"));

        Assert.Equal("192.0.2.7", (await defender.LiftAsync("192.0.2.7", CancellationToken.None))?.Network);
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));
        _time.Advance(new CatalogOptions().PollInterval);
        Assert.True(elsewhere.Admits(Guesser, "Europe", "ftps"));
        Assert.DoesNotContain(_logger.Entries, entry => entry.Level == LogLevel.Error);
    }

    [Fact]
    public async Task A_network_banned_by_hand_refuses_each_of_its_addresses_on_every_node_and_unusable_bans_are_refused()
    {
        var operatorNode = Create();
        var serving = Create();
        Assert.True(serving.Admits(Guesser, "Europe", "ftps"));

        var ban = await operatorNode.BanAsync("192.0.2.0/24", TimeSpan.FromHours(2), "scanner", CancellationToken.None);

        Assert.Equal(("192.0.2.0/24", TimeSpan.FromHours(2), "scanner"), (ban.Network, ban.UntilUtc - ban.BannedUtc, ban.Reason));
        Assert.False(operatorNode.Admits(Neighbour, "Europe", "sftp"));
        _time.Advance(new CatalogOptions().PollInterval);
        Assert.False(serving.Admits(Guesser, "Europe", "ftps"));
        Assert.False(serving.Admits(Neighbour.MapToIPv6(), "Europe", "ftps"));
        Assert.True(serving.Admits(IPAddress.Parse("192.0.3.1"), "Europe", "ftps"));
        Assert.Equal("2001:db8:1:2::/64", (await serving.BanAsync("2001:db8:1:2::99", null, null, CancellationToken.None)).Network);
        Assert.False(serving.Admits(IPAddress.Parse("2001:db8:1:2::1"), "Europe", "sftp"));

        await Assert.ThrowsAsync<FormatException>(() => serving.BanAsync("192.0.2.300", null, null, CancellationToken.None));
        string[] refusals =
        [
            (await Assert.ThrowsAsync<ArgumentException>(() => serving.BanAsync("10.0.0.0/8", null, null, CancellationToken.None))).Message,
            (await Assert.ThrowsAsync<ArgumentException>(() => serving.BanAsync("2001:db8::/16", null, null, CancellationToken.None))).Message,
            (await Assert.ThrowsAsync<ArgumentException>(() => serving.BanAsync("2001:db8:1:2::/96", null, null, CancellationToken.None))).Message,
            (await Assert.ThrowsAsync<ArgumentException>(() => serving.BanAsync("127.0.0.0/16", null, null, CancellationToken.None))).Message,
            (await Assert.ThrowsAsync<ArgumentException>(() => serving.BanAsync("192.0.2.9", TimeSpan.Zero, null, CancellationToken.None))).Message,
            (await Assert.ThrowsAsync<ArgumentException>(() => serving.BanAsync("192.0.2.9", TimeSpan.FromDays(8), null, CancellationToken.None))).Message,
        ];
        Assert.Equal(["too wide", "too wide", "narrower", "allow-listed", "MaxBanTime", "MaxBanTime"], refusals.Select(Keyword));
        Assert.Equal(2, (await serving.BansAsync(CancellationToken.None)).Count);

        static string Keyword(string message) =>
            new[] { "too wide", "narrower", "allow-listed", "MaxBanTime" }.First(word => message.Contains(word, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lifted_ban_starts_the_score_afresh()
    {
        var defender = Create();
        Report(defender, Guesser, DefenderEvent.FailedLogin, 14);

        Assert.Null(await defender.LiftAsync("192.0.2.7", CancellationToken.None));
        Report(defender, Guesser, DefenderEvent.FailedLogin, 14);

        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));
    }

    [Fact]
    public void An_unreadable_bans_file_is_logged_and_the_server_keeps_defending_in_memory()
    {
        File.WriteAllText(BanFile.In(_directory.Path).Path, "{ not json");
        var defender = Create();

        Report(defender, Guesser, DefenderEvent.FailedLogin, 15);

        Assert.False(defender.Admits(Guesser, "Europe", "ftps"));
        Assert.Contains(_logger.Entries, entry => entry.Level == LogLevel.Error && entry.Message.Contains("bans file", StringComparison.Ordinal));
    }

    [Fact]
    public void Points_bans_and_refusals_are_counted_on_the_defender_meter()
    {
        // Only this defender's meter: other tests' defenders, running in parallel, publish instruments of the same name.
        using var meters = new OwnMeters();
        var measured = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ClientDefender.MeterName && instrument.Meter.Scope == meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measured)
            {
                measured.Add((instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value)));
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            lock (measured)
            {
                measured.Add((instrument.Name, value, []));
            }
        });
        listener.Start();
        var defender = new ClientDefender(Options.Create(new DefenderOptions()), Options.Create(new DropBoxOptions { DataDirectory = _directory.Path }), _time, _logger, meters);
        _defenders.Add(defender);

        Report(defender, Guesser, DefenderEvent.UnknownAccount, 8);
        defender.Admits(Guesser, "Americas", "sftp");
        listener.RecordObservableInstruments();

        lock (measured)
        {
            Assert.Equal(16, measured.Where(m => m.Instrument == "ecurep.defender.points").Sum(m => m.Value));
            Assert.All(measured.Where(m => m.Instrument == "ecurep.defender.points"), m => Assert.Equal("unknown-account", m.Tags["event"]));
            var ban = Assert.Single(measured, m => m.Instrument == "ecurep.defender.bans");
            Assert.Equal("unknown-account", ban.Tags["event"]);
            var refused = Assert.Single(measured, m => m.Instrument == "ecurep.defender.refused");
            Assert.Equal(("Americas", "sftp"), (refused.Tags["site"], refused.Tags["protocol"]));
            Assert.Equal(1, measured.Last(m => m.Instrument == "ecurep.defender.banned").Value);
        }
    }

    [Fact]
    public async Task The_login_service_scores_wrong_passwords_and_unknown_accounts_and_not_injected_refusals()
    {
        using var accounts = new AccountStore(
            new Support.MemoryAccountCatalog(),
            Options.Create(new AccountOptions { AccountsFile = _directory.Combine("accounts.json") }), new PasswordHasher(1000), _time, new ListLogger<AccountStore>());
        await accounts.AddAsync("E-ALICE", "password-of-alice", CancellationToken.None);
        var defender = Create();
        var login = new LoginService(
            accounts,
            new ConfiguredSitePolicy(Options.Create(new SitePolicyOptions())),
            Options.Create(new DropBoxOptions { FailedLoginDelay = TimeSpan.Zero }),
            _time,
            new ListLogger<LoginService>(),
            defender: defender);
        var fromGuesser = new SessionContext("s1", "Europe", "ftps", new IPEndPoint(Guesser, 40000));
        var fromNeighbour = new SessionContext("s2", "Europe", "sftp", new IPEndPoint(Neighbour, 40000));

        for (var i = 0; i < 14; i++)
        {
            Assert.False((await login.LoginAsync(fromGuesser, "E-ALICE", "wrong", CancellationToken.None)).Succeeded);
        }

        for (var i = 0; i < 7; i++)
        {
            await login.LoginAsync(fromNeighbour, "E-NOBODY", "wrong", CancellationToken.None);
        }

        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));
        Assert.True(defender.Admits(Neighbour, "Europe", "ftps"));
        Assert.True((await login.LoginAsync(fromGuesser, "E-ALICE", "password-of-alice", CancellationToken.None)).Succeeded);
        Assert.True(defender.Admits(Guesser, "Europe", "ftps"));

        await login.LoginAsync(fromGuesser, "E-ALICE", "wrong", CancellationToken.None);
        await login.LoginAsync(fromNeighbour, "anonymous", "a@example.com", CancellationToken.None);

        Assert.False(defender.Admits(Guesser, "Europe", "ftps"));
        Assert.False(defender.Admits(Neighbour, "Europe", "ftps"));
    }

    [Theory]
    [InlineData("Threshold", "0", "EcurepServer:Defender:Threshold: must be at least 1")]
    [InlineData("Weights:HostileInput", "16", "EcurepServer:Defender:Weights:HostileInput: must be between 0 and Threshold (15)")]
    [InlineData("AllowList:0", "10.0.0.0/33", "EcurepServer:Defender:AllowList:0: '10.0.0.0/33' is not an address or a network")]
    [InlineData("Ipv6PrefixLength", "129", "EcurepServer:Defender:Ipv6PrefixLength: must be between 16 and 128")]
    [InlineData("MaxBanTime", "00:10:00", "EcurepServer:Defender:MaxBanTime: must be between BanTime")]
    [InlineData("Ipv4WidestBan", "4", "EcurepServer:Defender:Ipv4WidestBan: must be between 8 and Ipv4PrefixLength (32)")]
    [InlineData("Ipv6WidestBan", "80", "EcurepServer:Defender:Ipv6WidestBan: must be between 16 and Ipv6PrefixLength (64)")]
    public void Unusable_settings_are_refused_naming_the_key(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{DefenderOptions.SectionName}:{key}"] = value })
            .Build();
        var options = new DefenderOptions();
        configuration.GetSection(DefenderOptions.SectionName).Bind(options);

        Assert.Contains(options.Validate(), problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }

    private static void Report(ClientDefender defender, IPAddress address, DefenderEvent what, int times)
    {
        for (var i = 0; i < times; i++)
        {
            defender.Report(address, what, "Europe", "ftps");
        }
    }

    private ClientDefender Create(Action<DefenderOptions>? configure = null, string? folder = null)
    {
        var options = new DefenderOptions();
        configure?.Invoke(options);
        Assert.Empty(options.Validate());
        var data = folder is null ? _directory.Path : _directory.Combine(folder);
        var defender = new ClientDefender(Options.Create(options), Options.Create(new DropBoxOptions { DataDirectory = data }), _time, _logger);
        _defenders.Add(defender);
        return defender;
    }

    /// <summary>
    /// The bans file whose asynchronous stamp read, once <see cref="Blocking"/>, waits until <see cref="Answer"/>; its
    /// synchronous reads then fail, as nothing on the connection path may wait on them.
    /// </summary>
    private sealed class SlowBans(BanFile file) : IBanCatalog
    {
        private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _pending;

        public bool Blocking { get; set; }

        public int Pending => Volatile.Read(ref _pending);

        public long Stamp() => Blocking ? throw new InvalidOperationException("a synchronous stamp read") : file.Stamp();

        public IReadOnlyList<Ban> Read() => file.Read();

        public IReadOnlyList<Ban> Change(Func<List<Ban>, List<Ban>> change) => file.Change(change);

        public async ValueTask<long> StampAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _pending);
            await _answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return file.Stamp();
        }

        public void Answer() => _answer.SetResult();
    }

    /// <summary>
    /// The bans file as a catalog over the network: once <see cref="Blocking"/>, a synchronous member fails (nothing on a
    /// connection or a request may wait on one), and a change waits until <see cref="Answer"/>.
    /// </summary>
    private sealed class GatedBans(BanFile file) : IBanCatalog
    {
        private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Blocking { get; set; }

        public long Stamp() => Blocking ? throw new InvalidOperationException("a synchronous stamp read") : file.Stamp();

        public IReadOnlyList<Ban> Read() => Blocking ? throw new InvalidOperationException("a synchronous read") : file.Read();

        public IReadOnlyList<Ban> Change(Func<List<Ban>, List<Ban>> change) =>
            Blocking ? throw new InvalidOperationException("a synchronous change") : file.Change(change);

        public ValueTask<long> StampAsync(CancellationToken cancellationToken) => ValueTask.FromResult(file.Stamp());

        public ValueTask<IReadOnlyList<Ban>> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(file.Read());

        public async ValueTask<IReadOnlyList<Ban>> ChangeAsync(Func<List<Ban>, List<Ban>> change, CancellationToken cancellationToken)
        {
            await _answer.Task.WaitAsync(cancellationToken);
            return file.Change(change);
        }

        public void Answer() => _answer.SetResult();
    }

    /// <summary>Meters of their own scope, so a listener can tell them from other instances' meters of the same name.</summary>
    private sealed class OwnMeters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            options.Scope = this;
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(meter => meter.Dispose());
    }

    /// <summary>The bans file, counting how often the defender looks at its stamp (a catalog round trip with a catalog).</summary>
    private sealed class CountingBans(BanFile file) : IBanCatalog
    {
        public int Stamps { get; private set; }

        public long Stamp()
        {
            Stamps++;
            return file.Stamp();
        }

        public IReadOnlyList<Ban> Read() => file.Read();

        public IReadOnlyList<Ban> Change(Func<List<Ban>, List<Ban>> change) => file.Change(change);
    }
}
