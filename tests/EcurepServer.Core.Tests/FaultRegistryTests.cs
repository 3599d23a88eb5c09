using System.Net;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Transcripts.Events;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Tests;

/// <summary>Which points a rule fires at, how often, and what the registry logs; rules added and removed while sessions run.</summary>
public sealed class FaultRegistryTests
{
    private const FaultActionKind All = (FaultActionKind)0xFF;

    private readonly ManualTimeProvider _time = new();
    private readonly ListLogger<FaultRegistry> _logger = new();
    private readonly FaultRegistry _registry;

    public FaultRegistryTests() => _registry = new FaultRegistry(_time, _logger);

    [Fact]
    public async Task A_rule_fires_where_site_protocol_account_pattern_client_and_point_match()
    {
        var rule = await _registry.AddAsync(Rule("STOR", match: new FaultMatch("Europe", "ftps", "E-ABC*", Client("192.0.2.0/24"))), CancellationToken.None);

        Assert.NotNull(await _registry.FireAsync(Probe("STOR", account: "e-abcd12345f", client: "192.0.2.7"), CancellationToken.None));
        Assert.NotNull(await _registry.FireAsync(Probe("stor", account: "E-ABCD12345f", client: "::ffff:192.0.2.7"), CancellationToken.None));
        Assert.Null(await _registry.FireAsync(Probe("STOR", site: "Americas", client: "192.0.2.7"), CancellationToken.None));
        Assert.Null(await _registry.FireAsync(Probe("STOR", protocol: "sftp", client: "192.0.2.7"), CancellationToken.None));
        Assert.Null(await _registry.FireAsync(Probe("STOR", account: "E-XYZ12345ab", client: "192.0.2.7"), CancellationToken.None));
        Assert.Null(await _registry.FireAsync(Probe("STOR", account: null, client: "192.0.2.7"), CancellationToken.None));
        Assert.Null(await _registry.FireAsync(Probe("STOR", client: "198.51.100.1"), CancellationToken.None));
        Assert.Null(await _registry.FireAsync(Probe("PASV", client: "192.0.2.7"), CancellationToken.None));
        Assert.Equal(2, Assert.Single(await _registry.ListAsync(CancellationToken.None)).Fired);
        Assert.Equal("fault-1", rule.Id);
    }

    [Fact]
    public async Task A_rule_fires_only_where_the_engine_can_carry_out_its_action()
    {
        await _registry.AddAsync(Rule("login", new FaultAction(FaultActionKind.RefuseLogin)), CancellationToken.None);

        Assert.Null(await _registry.FireAsync(Probe("login", supported: FaultActionKind.Reply | FaultActionKind.Delay), CancellationToken.None));
        Assert.NotNull(await _registry.FireAsync(Probe("login", supported: FaultActionKind.RefuseLogin), CancellationToken.None));
    }

    [Fact]
    public async Task An_ftp_reply_code_fires_only_in_ftp_sessions_and_an_sftp_status_code_only_in_sftp_ones()
    {
        await _registry.AddAsync(Rule("stat", new FaultAction(FaultActionKind.Reply, Code: 550)), CancellationToken.None);
        await _registry.AddAsync(Rule("stat", new FaultAction(FaultActionKind.Reply, Code: 4)), CancellationToken.None);

        Assert.Equal(550, (await _registry.FireAsync(Probe("STAT", protocol: "ftps"), CancellationToken.None))!.Action.Code);
        Assert.Equal(4, (await _registry.FireAsync(Probe("stat", protocol: "sftp"), CancellationToken.None))!.Action.Code);
    }

    [Fact]
    public async Task Times_limits_the_firings_and_the_rule_stays_listed_as_exhausted()
    {
        await _registry.AddAsync(Rule("STOR") with { Times = 2 }, CancellationToken.None);

        var fired = await FiringsAsync(_registry, 5);

        Assert.Equal(2, fired);
        var status = Assert.Single(await _registry.ListAsync(CancellationToken.None));
        Assert.Equal(2, status.Fired);
        Assert.True(status.Exhausted);
    }

    [Fact]
    public async Task A_seeded_probability_fires_at_the_same_points_every_run()
    {
        async Task<bool[]> RunAsync()
        {
            var registry = new FaultRegistry(new ManualTimeProvider(), new ListLogger<FaultRegistry>());
            await registry.AddAsync(Rule("STOR") with { Probability = 0.5, Seed = 42 }, CancellationToken.None);
            var fired = new bool[40];
            for (var i = 0; i < fired.Length; i++)
            {
                fired[i] = await registry.FireAsync(Probe("STOR"), CancellationToken.None) is not null;
            }

            return fired;
        }

        var first = await RunAsync();

        Assert.Equal(first, await RunAsync());
        Assert.InRange(first.Count(fired => fired), 5, 35);
    }

    [Fact]
    public async Task A_rule_expires_after_its_time()
    {
        await _registry.AddAsync(Rule("STOR") with { ExpiresAfter = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        Assert.NotNull(await _registry.FireAsync(Probe("STOR"), CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await _registry.FireAsync(Probe("STOR"), CancellationToken.None));
        Assert.True(Assert.Single(await _registry.ListAsync(CancellationToken.None)).Exhausted);
    }

    [Fact]
    public async Task After_bytes_fires_once_an_upload_passes_its_length()
    {
        await _registry.AddAsync(Rule("after-bytes 1000"), CancellationToken.None);

        Assert.Null(await _registry.FireAfterBytesAsync(Probe(FaultPoint.AfterBytesName), 0, 999, CancellationToken.None));
        Assert.NotNull(await _registry.FireAfterBytesAsync(Probe(FaultPoint.AfterBytesName), 999, 1000, CancellationToken.None));
        Assert.Null(await _registry.FireAfterBytesAsync(Probe(FaultPoint.AfterBytesName), 1000, 5000, CancellationToken.None));
        Assert.Null(await _registry.FireAsync(Probe(FaultPoint.AfterBytesName), CancellationToken.None));
    }

    [Fact]
    public async Task Rules_are_added_removed_and_cleared_at_runtime_and_the_next_decision_sees_it()
    {
        var rule = await _registry.AddAsync(Rule("STOR") with { Id = "mine" }, CancellationToken.None);
        Assert.NotNull(await _registry.FireAsync(Probe("STOR"), CancellationToken.None));

        Assert.True(await _registry.RemoveAsync("mine", CancellationToken.None));
        Assert.False(await _registry.RemoveAsync("mine", CancellationToken.None));
        Assert.Null(await _registry.FireAsync(Probe("STOR"), CancellationToken.None));

        await _registry.AddAsync(rule, CancellationToken.None);
        await _registry.AddAsync(Rule("PASV"), CancellationToken.None);
        Assert.Equal(2, await _registry.ClearAsync(CancellationToken.None));
        Assert.Empty(await _registry.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_decisions_never_fire_a_rule_more_often_than_its_times()
    {
        await _registry.AddAsync(Rule("STOR") with { Times = 100 }, CancellationToken.None);

        var fired = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => FiringsAsync(_registry, 1000))));

        Assert.Equal(100, fired.Sum());
        Assert.Equal(100, Assert.Single(await _registry.ListAsync(CancellationToken.None)).Fired);
    }

    [Fact]
    public async Task With_a_catalog_changes_lists_and_the_count_before_a_firing_await_it_and_hold_no_thread()
    {
        var catalog = new GatedFaultCatalog();
        using var registry = new FaultRegistry(_time, _logger, catalog);
        Assert.Null(await registry.FireAsync(Probe("STOR"), CancellationToken.None));
        catalog.Blocking = true;

        var rule = await registry.AddAsync(Rule("STOR") with { Times = 1 }, CancellationToken.None);
        Assert.Equal(rule.Id, Assert.Single(await registry.ListAsync(CancellationToken.None)).Rule.Id);
        var firing = registry.FireAsync(Probe("STOR"), CancellationToken.None);

        Assert.False(firing.IsCompleted);
        catalog.Answer();
        Assert.Equal(rule.Id, (await firing)?.RuleId);
        Assert.Null(await registry.FireAsync(Probe("STOR"), CancellationToken.None));
        Assert.Equal(1, Assert.Single(await registry.ListAsync(CancellationToken.None)).Fired);
        Assert.True(await registry.RemoveAsync(rule.Id!, CancellationToken.None));
        await registry.AddAsync(Rule("PASV"), CancellationToken.None);
        Assert.Equal(1, await registry.ClearAsync(CancellationToken.None));
        Assert.DoesNotContain(_logger.Entries, entry => entry.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Each_firing_is_logged_at_information_with_the_rule_id()
    {
        await _registry.AddAsync(Rule("STOR") with { Id = "stor-452" }, CancellationToken.None);

        await _registry.FireAsync(Probe("STOR", account: "E-ABCD12345f"), CancellationToken.None);

        Assert.Contains(_logger.Entries, entry => entry.Level == LogLevel.Information
            && entry.Message.StartsWith("Fault stor-452 fired at STOR (Europe ftps E-ABCD12345f 192.0.2.7): reply 452", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_firing_is_written_into_the_session_transcript_as_a_fault_event()
    {
        await _registry.AddAsync(Rule("STOR") with { Id = "stor-452" }, CancellationToken.None);
        var transcript = new RecordingTranscript();

        await _registry.FireAsync(Probe("STOR") with { Transcript = transcript }, CancellationToken.None);
        await _registry.FireAsync(Probe("PASV") with { Transcript = transcript }, CancellationToken.None);

        var fault = Assert.IsType<FaultEvent>(Assert.Single(transcript.Events));
        Assert.Equal(("stor-452", "STOR", "reply 452 Injected fault."), (fault.Rule, fault.Point, fault.Action));
    }

    [Fact]
    public void Configured_rules_name_the_full_key_of_every_problem()
    {
        var options = new FaultOptions
        {
            ["ok"] = new() { Point = "after-bytes 10485760", Action = "disconnect", Graceful = false },
            ["bad"] = new()
            {
                Point = "after-bytes ten",
                Action = "explode",
                Protocol = "http",
                Client = "not an address",
                Times = 0,
                Probability = 2,
                ExpiresAfter = TimeSpan.Zero,
            },
            ["reply"] = new() { Point = "STOR", Action = "reply", Code = 700, Text = "two\r\nlines" },
            ["delay"] = new() { Point = "PASV", Action = "delay" },
            ["throttle"] = new() { Point = "STOR", Action = "throttle", BytesPerSecond = 0 },
        };

        var errors = options.Validate();

        Assert.All(errors, error => Assert.StartsWith("EcurepServer:Faults:", error, StringComparison.Ordinal));
        string[] keys =
        [
            "bad:Point", "bad:Action", "bad:Protocol", "bad:Client", "bad:Times", "bad:Probability", "bad:ExpiresAfter",
            "reply:Code", "reply:Text", "delay:Delay", "throttle:BytesPerSecond",
        ];
        foreach (var key in keys)
        {
            Assert.Contains(errors, error => error.StartsWith($"EcurepServer:Faults:{key} ", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(errors, error => error.Contains(":ok:", StringComparison.Ordinal));
        Assert.Equal(keys.Length, errors.Count);
    }

    /// <summary>How many of <paramref name="decisions"/> STOR decisions fired.</summary>
    private static async Task<int> FiringsAsync(FaultRegistry registry, int decisions)
    {
        var fired = 0;
        for (var i = 0; i < decisions; i++)
        {
            if (await registry.FireAsync(Probe("STOR"), CancellationToken.None) is not null)
            {
                fired++;
            }
        }

        return fired;
    }

    private static FaultRule Rule(string point, FaultAction? action = null, FaultMatch? match = null) =>
        new(match ?? new FaultMatch(), FaultPoint.Parse(point, out _)!, action ?? new FaultAction(FaultActionKind.Reply, 452));

    private static IPNetwork Client(string text) => FaultMatch.TryParseClient(text, out var network) ? network : throw new ArgumentException(text);

    private static FaultProbe Probe(
        string point, string site = "Europe", string protocol = "ftps", string? account = "E-ABCD12345f", string client = "192.0.2.7",
        FaultActionKind supported = All) =>
        new(site, protocol, account, IPAddress.Parse(client), point, supported);
}
