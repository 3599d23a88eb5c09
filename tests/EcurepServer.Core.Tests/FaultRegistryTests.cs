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
    public void A_rule_fires_where_site_protocol_account_pattern_client_and_point_match()
    {
        var rule = _registry.Add(Rule("STOR", match: new FaultMatch("Europe", "ftps", "E-ABC*", Client("192.0.2.0/24"))));

        Assert.NotNull(_registry.Fire(Probe("STOR", account: "e-abcd12345f", client: "192.0.2.7")));
        Assert.NotNull(_registry.Fire(Probe("stor", account: "E-ABCD12345f", client: "::ffff:192.0.2.7")));
        Assert.Null(_registry.Fire(Probe("STOR", site: "Americas", client: "192.0.2.7")));
        Assert.Null(_registry.Fire(Probe("STOR", protocol: "sftp", client: "192.0.2.7")));
        Assert.Null(_registry.Fire(Probe("STOR", account: "E-XYZ12345ab", client: "192.0.2.7")));
        Assert.Null(_registry.Fire(Probe("STOR", account: null, client: "192.0.2.7")));
        Assert.Null(_registry.Fire(Probe("STOR", client: "198.51.100.1")));
        Assert.Null(_registry.Fire(Probe("PASV", client: "192.0.2.7")));
        Assert.Equal(2, Assert.Single(_registry.List()).Fired);
        Assert.Equal("fault-1", rule.Id);
    }

    [Fact]
    public void A_rule_fires_only_where_the_engine_can_carry_out_its_action()
    {
        _registry.Add(Rule("login", new FaultAction(FaultActionKind.RefuseLogin)));

        Assert.Null(_registry.Fire(Probe("login", supported: FaultActionKind.Reply | FaultActionKind.Delay)));
        Assert.NotNull(_registry.Fire(Probe("login", supported: FaultActionKind.RefuseLogin)));
    }

    [Fact]
    public void An_ftp_reply_code_fires_only_in_ftp_sessions_and_an_sftp_status_code_only_in_sftp_ones()
    {
        _registry.Add(Rule("stat", new FaultAction(FaultActionKind.Reply, Code: 550)));
        _registry.Add(Rule("stat", new FaultAction(FaultActionKind.Reply, Code: 4)));

        Assert.Equal(550, _registry.Fire(Probe("STAT", protocol: "ftps"))!.Action.Code);
        Assert.Equal(4, _registry.Fire(Probe("stat", protocol: "sftp"))!.Action.Code);
    }

    [Fact]
    public void Times_limits_the_firings_and_the_rule_stays_listed_as_exhausted()
    {
        _registry.Add(Rule("STOR") with { Times = 2 });

        var fired = Enumerable.Range(0, 5).Count(_ => _registry.Fire(Probe("STOR")) is not null);

        Assert.Equal(2, fired);
        var status = Assert.Single(_registry.List());
        Assert.Equal(2, status.Fired);
        Assert.True(status.Exhausted);
    }

    [Fact]
    public void A_seeded_probability_fires_at_the_same_points_every_run()
    {
        bool[] Run()
        {
            var registry = new FaultRegistry(new ManualTimeProvider(), new ListLogger<FaultRegistry>());
            registry.Add(Rule("STOR") with { Probability = 0.5, Seed = 42 });
            return [.. Enumerable.Range(0, 40).Select(_ => registry.Fire(Probe("STOR")) is not null)];
        }

        var first = Run();

        Assert.Equal(first, Run());
        Assert.InRange(first.Count(fired => fired), 5, 35);
    }

    [Fact]
    public void A_rule_expires_after_its_time()
    {
        _registry.Add(Rule("STOR") with { ExpiresAfter = TimeSpan.FromMinutes(1) });

        Assert.NotNull(_registry.Fire(Probe("STOR")));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(_registry.Fire(Probe("STOR")));
        Assert.True(Assert.Single(_registry.List()).Exhausted);
    }

    [Fact]
    public void After_bytes_fires_once_an_upload_passes_its_length()
    {
        _registry.Add(Rule("after-bytes 1000"));

        Assert.Null(_registry.FireAfterBytes(Probe(FaultPoint.AfterBytesName), 0, 999));
        Assert.NotNull(_registry.FireAfterBytes(Probe(FaultPoint.AfterBytesName), 999, 1000));
        Assert.Null(_registry.FireAfterBytes(Probe(FaultPoint.AfterBytesName), 1000, 5000));
        Assert.Null(_registry.Fire(Probe(FaultPoint.AfterBytesName)));
    }

    [Fact]
    public void Rules_are_added_removed_and_cleared_at_runtime_and_the_next_decision_sees_it()
    {
        var rule = _registry.Add(Rule("STOR") with { Id = "mine" });
        Assert.NotNull(_registry.Fire(Probe("STOR")));

        Assert.True(_registry.Remove("mine"));
        Assert.False(_registry.Remove("mine"));
        Assert.Null(_registry.Fire(Probe("STOR")));

        _registry.Add(rule);
        _registry.Add(Rule("PASV"));
        Assert.Equal(2, _registry.Clear());
        Assert.Empty(_registry.List());
    }

    [Fact]
    public async Task Concurrent_decisions_never_fire_a_rule_more_often_than_its_times()
    {
        _registry.Add(Rule("STOR") with { Times = 100 });

        var fired = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 1000).Count(_ => _registry.Fire(Probe("STOR")) is not null))));

        Assert.Equal(100, fired.Sum());
        Assert.Equal(100, Assert.Single(_registry.List()).Fired);
    }

    [Fact]
    public void Each_firing_is_logged_at_information_with_the_rule_id()
    {
        _registry.Add(Rule("STOR") with { Id = "stor-452" });

        _registry.Fire(Probe("STOR", account: "E-ABCD12345f"));

        Assert.Contains(_logger.Entries, entry => entry.Level == LogLevel.Information
            && entry.Message.StartsWith("Fault stor-452 fired at STOR (Europe ftps E-ABCD12345f 192.0.2.7): reply 452", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_firing_is_written_into_the_session_transcript_as_a_fault_event()
    {
        _registry.Add(Rule("STOR") with { Id = "stor-452" });
        var transcript = new RecordingTranscript();

        _registry.Fire(Probe("STOR") with { Transcript = transcript });
        _registry.Fire(Probe("PASV") with { Transcript = transcript });

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

    private static FaultRule Rule(string point, FaultAction? action = null, FaultMatch? match = null) =>
        new(match ?? new FaultMatch(), FaultPoint.Parse(point, out _)!, action ?? new FaultAction(FaultActionKind.Reply, 452));

    private static IPNetwork Client(string text) => FaultMatch.TryParseClient(text, out var network) ? network : throw new ArgumentException(text);

    private static FaultProbe Probe(
        string point, string site = "Europe", string protocol = "ftps", string? account = "E-ABCD12345f", string client = "192.0.2.7",
        FaultActionKind supported = All) =>
        new(site, protocol, account, IPAddress.Parse(client), point, supported);
}
