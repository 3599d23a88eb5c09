using System.Globalization;
using EcurepServer.Core.Transcripts.Events;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Faults;

/// <summary>
/// The rules in force, shared by every listener. Rules can be added and removed while sessions run; each
/// decision reads the rules as they are at that moment, so a new rule applies at a running session's next
/// matching point. Counting, the times limit and the seeded draw are per rule, under the rule's own lock.
/// </summary>
public sealed class FaultRegistry : IFaultInjector
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Entry[] _entries = [];
    private int _nextId;

    public FaultRegistry(TimeProvider time, ILogger<FaultRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _time = time;
        _logger = logger;
    }

    /// <summary>Adds a rule and returns it with its id (the given one, or <c>fault-N</c>); a rule with the id of another replaces it.</summary>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            var id = string.IsNullOrWhiteSpace(rule.Id) ? NewIdLocked() : rule.Id;
            var named = rule with { Id = id };
            _entries = [.. _entries.Where(entry => entry.Rule.Id != id), new Entry(named, _time.GetUtcNow())];
            FaultLog.Added(_logger, id, named.Point.ToString(), named.Action.ToString());
            return named;
        }
    }

    public bool Remove(string id)
    {
        lock (_lock)
        {
            var kept = _entries.Where(entry => entry.Rule.Id != id).ToArray();
            if (kept.Length == _entries.Length)
            {
                return false;
            }

            _entries = kept;
        }

        FaultLog.Removed(_logger, id);
        return true;
    }

    /// <summary>Removes every rule; returns how many there were.</summary>
    public int Clear()
    {
        lock (_lock)
        {
            var count = _entries.Length;
            _entries = [];
            return count;
        }
    }

    public IReadOnlyList<FaultRuleStatus> List()
    {
        var now = _time.GetUtcNow();
        return [.. Volatile.Read(ref _entries).Select(entry => entry.Status(now))];
    }

    public FaultFiring? Fire(FaultProbe probe) =>
        FireFirst(probe, entry => entry.Rule.Point.Matches(probe.Point), probe.Point);

    public FaultFiring? FireAfterBytes(FaultProbe probe, long before, long after) =>
        FireFirst(probe, entry => entry.Rule.Point.IsAfterBytes && before < entry.Rule.Point.AfterBytes && entry.Rule.Point.AfterBytes <= after, null);

    private FaultFiring? FireFirst(FaultProbe probe, Func<Entry, bool> atPoint, string? point)
    {
        var entries = Volatile.Read(ref _entries);
        if (entries.Length == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        foreach (var entry in entries)
        {
            var rule = entry.Rule;
            if ((probe.Supported & rule.Action.Kind) == 0 || !atPoint(entry) || !rule.Match.Matches(probe) || !ReplyFits(rule.Action, probe.Protocol))
            {
                continue;
            }

            if (entry.TryFire(now))
            {
                var at = point ?? rule.Point.ToString();
                FaultLog.Fired(_logger, rule.Id!, at, probe.Site, probe.Protocol, probe.Account, probe.Client.ToString(), rule.Action.ToString());
                probe.Transcript?.Write(new FaultEvent(rule.Id!, at, rule.Action.ToString()));
                return new FaultFiring(rule.Id!, at, rule.Action);
            }
        }

        return null;
    }

    /// <summary>An FTP reply code fires only in FTP sessions, an SFTP status code only in SFTP ones.</summary>
    private static bool ReplyFits(FaultAction action, string protocol) =>
        action.Kind != FaultActionKind.Reply || action.IsFtpReply == !string.Equals(protocol, "sftp", StringComparison.OrdinalIgnoreCase);

    private string NewIdLocked()
    {
        string id;
        do
        {
            id = "fault-" + (++_nextId).ToString(CultureInfo.InvariantCulture);
        }
        while (_entries.Any(entry => entry.Rule.Id == id));

        return id;
    }

    private sealed class Entry(FaultRule rule, DateTimeOffset added)
    {
        private readonly Lock _lock = new();
        private readonly Random _draw = rule.Seed is { } seed ? new Random(seed) : new Random();
        private long _fired;

        public FaultRule Rule { get; } = rule;

        public bool TryFire(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (Exhausted(now))
                {
                    return false;
                }

                if (Rule.Probability < 1 && _draw.NextDouble() >= Rule.Probability)
                {
                    return false;
                }

                _fired++;
                return true;
            }
        }

        public FaultRuleStatus Status(DateTimeOffset now)
        {
            lock (_lock)
            {
                return new FaultRuleStatus(Rule, _fired, added, Exhausted(now));
            }
        }

        private bool Exhausted(DateTimeOffset now) =>
            (Rule.Times is { } times && _fired >= times) || (Rule.ExpiresAfter is { } ttl && now - added >= ttl);
    }
}
