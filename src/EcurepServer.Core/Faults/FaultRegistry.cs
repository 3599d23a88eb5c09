using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Transcripts.Events;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Faults;

/// <summary>
/// The rules in force, shared by every listener. Rules can be added and removed while sessions run; each
/// decision reads the rules as they are at that moment, so a new rule applies at a running session's next
/// matching point. Counting, the times limit and the seeded draw are per rule, under the rule's own lock.
/// With a catalog (<see cref="IFaultCatalog"/>), rules added through <see cref="AddAsync"/> are every node's: a node
/// reads them again when the catalog's stamp moved (looked at once per poll interval, so a decision costs no query)
/// and counts each firing there, so "the next N" fire N times across all nodes; changes, lists and counts await the
/// catalog, blocking no thread on a store over the network. Rules of the configuration
/// (<see cref="AddLocal"/>) stay this process's own, as every node has them from its own configuration.
/// </summary>
public sealed class FaultRegistry : IFaultInjector, IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IFaultCatalog? _catalog;
    private Entry[] _local = [];
    private Entry[] _shared = [];
    private Entry[] _entries = [];
    private long _stamp = long.MinValue;
    private readonly CatalogRefresh? _refresh;
    private int _nextId;

    public FaultRegistry(TimeProvider time, ILogger<FaultRegistry> logger, IFaultCatalog? catalog = null, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _time = time;
        _logger = logger;
        _catalog = catalog;
        _refresh = catalog is null ? null : new CatalogRefresh(time, pollInterval ?? new CatalogOptions().PollInterval, LookAsync);
    }

    /// <summary>
    /// Adds a rule (every node's when there is a catalog) and returns it with its id (the given one, or <c>fault-N</c>);
    /// a rule with the id of another replaces it.
    /// </summary>
    public async Task<FaultRule> AddAsync(FaultRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (_catalog is null)
        {
            return AddLocal(rule);
        }

        var json = JsonSerializer.Serialize(FaultRuleOptions.From(rule), FaultsJsonContext.Default.FaultRuleOptions);
        var id = await _catalog.AddAsync(string.IsNullOrWhiteSpace(rule.Id) ? null : rule.Id, json, rule.Times, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var named = rule with { Id = id };
        lock (_lock)
        {
            _local = [.. _local.Where(entry => entry.Rule.Id != id)];
            _entries = [.. _local, .. _shared];
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        FaultLog.Added(_logger, id, named.Point.ToString(), named.Action.ToString());
        return named;
    }

    /// <summary>Adds a rule of this process only (the configuration's): as <see cref="AddAsync"/> without a catalog.</summary>
    public FaultRule AddLocal(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            var id = string.IsNullOrWhiteSpace(rule.Id) ? NewIdLocked() : rule.Id;
            var named = rule with { Id = id };
            _local = [.. _local.Where(entry => entry.Rule.Id != id), new Entry(named, _time.GetUtcNow(), null, 0)];
            _entries = [.. _local, .. _shared];
            FaultLog.Added(_logger, id, named.Point.ToString(), named.Action.ToString());
            return named;
        }
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        bool removed;
        lock (_lock)
        {
            var kept = _local.Where(entry => entry.Rule.Id != id).ToArray();
            removed = kept.Length != _local.Length;
            _local = kept;
            _entries = [.. _local, .. _shared];
        }

        if (_catalog is not null)
        {
            removed |= await _catalog.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        if (removed)
        {
            FaultLog.Removed(_logger, id);
        }

        return removed;
    }

    /// <summary>Removes every rule (every node's, with a catalog); returns how many there were.</summary>
    public async Task<int> ClearAsync(CancellationToken cancellationToken)
    {
        int count;
        lock (_lock)
        {
            count = _local.Length;
            _local = [];
            _entries = [.. _shared];
        }

        if (_catalog is not null)
        {
            count += await _catalog.ClearAsync(cancellationToken).ConfigureAwait(false);
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>The rules in force, with how often each fired (a shared rule: on every node, as the catalog counts now).</summary>
    public async Task<IReadOnlyList<FaultRuleStatus>> ListAsync(CancellationToken cancellationToken)
    {
        if (_catalog is not null)
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        return [.. Volatile.Read(ref _entries).Select(entry => entry.Status(now))];
    }

    public ValueTask<FaultFiring?> FireAsync(FaultProbe probe, CancellationToken cancellationToken) =>
        FireFirstAsync(probe, entry => entry.Rule.Point.Matches(probe.Point), probe.Point, cancellationToken);

    public ValueTask<FaultFiring?> FireAfterBytesAsync(FaultProbe probe, long before, long after, CancellationToken cancellationToken) =>
        FireFirstAsync(probe, entry => entry.Rule.Point.IsAfterBytes && before < entry.Rule.Point.AfterBytes && entry.Rule.Point.AfterBytes <= after, null, cancellationToken);

    private ValueTask<FaultFiring?> FireFirstAsync(FaultProbe probe, Func<Entry, bool> atPoint, string? point, CancellationToken cancellationToken)
    {
        EnsureRefreshing();

        // No rule, the usual case on every upload chunk and command: answered without a state machine.
        var entries = Volatile.Read(ref _entries);
        return entries.Length == 0 ? ValueTask.FromResult<FaultFiring?>(null) : FireFirstAsync(entries, probe, atPoint, point, cancellationToken);
    }

    private async ValueTask<FaultFiring?> FireFirstAsync(Entry[] entries, FaultProbe probe, Func<Entry, bool> atPoint, string? point, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var entry in entries)
        {
            var rule = entry.Rule;
            if ((probe.Supported & rule.Action.Kind) == 0 || !atPoint(entry) || !rule.Match.Matches(probe) || !ReplyFits(rule.Action, probe.Protocol))
            {
                continue;
            }

            if (await TryFireAsync(entry, now, cancellationToken).ConfigureAwait(false))
            {
                var at = point ?? rule.Point.ToString();
                FaultLog.Fired(_logger, rule.Id!, at, probe.Site, probe.Protocol, probe.Account, probe.Client.ToString(), rule.Action.ToString());
                probe.Transcript?.Write(new FaultEvent(rule.Id!, at, rule.Action.ToString()));
                return new FaultFiring(rule.Id!, at, rule.Action);
            }
        }

        return null;
    }

    private async ValueTask<bool> TryFireAsync(Entry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await entry.TryFireAsync(now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsCatalogFailure(e))
        {
            // The session goes on as usual: a fault that cannot be counted does not fire.
            FaultLog.CatalogFailed(_logger, e);
            return false;
        }
    }

    /// <summary>The first use reads the shared rules, so rules armed before a start apply to the first decision.</summary>
    private void EnsureRefreshing() => _refresh?.EnsureStarted(() =>
    {
        lock (_lock)
        {
            try
            {
                ReloadLocked();
            }
            catch (Exception e) when (IsCatalogFailure(e))
            {
                // The rules known before stay in force until the catalog answers again.
                FaultLog.CatalogFailed(_logger, e);
            }
        }
    });

    /// <summary>Reads the shared rules again when the catalog's stamp moved (by the background refresh, once per poll interval).</summary>
    private async Task LookAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stamp = await _catalog!.StampAsync(cancellationToken).ConfigureAwait(false);
            if (stamp == Volatile.Read(ref _stamp))
            {
                return;
            }

            var rows = await _catalog.ReadAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                // A change made here meanwhile has read the rules after it (stamps only grow); these may be older.
                if (stamp > _stamp)
                {
                    ApplyLocked(stamp, rows);
                }
            }
        }
        catch (Exception e) when (IsCatalogFailure(e))
        {
            // The rules known before stay in force until the catalog answers again.
            FaultLog.CatalogFailed(_logger, e);
        }
    }

    /// <summary>Reads the shared rules after a change made here, so the next decision here and the answer to the change see it.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var stamp = await _catalog!.StampAsync(cancellationToken).ConfigureAwait(false);
        var rows = await _catalog.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            // Stamps only grow: a look that read the rules later has applied newer ones meanwhile.
            if (stamp >= _stamp)
            {
                ApplyLocked(stamp, rows);
            }
        }
    }

    private void ReloadLocked()
    {
        var stamp = _catalog!.Stamp();
        if (stamp == _stamp)
        {
            return;
        }

        ApplyLocked(stamp, _catalog.Read());
    }

    /// <summary>Makes <paramref name="rows"/>, read at <paramref name="stamp"/>, the shared rules in force.</summary>
    private void ApplyLocked(long stamp, IReadOnlyList<CatalogFaultRule> rows)
    {
        var known = _shared.ToDictionary(entry => entry.Rule.Id!, StringComparer.Ordinal);
        var shared = new List<Entry>();
        foreach (var row in rows)
        {
            if (known.TryGetValue(row.Id, out var entry) && entry.Added == row.Added)
            {
                // The same rule as before: it keeps its seeded draw.
                entry.FiredEverywhere = row.Fired;
                shared.Add(entry);
                continue;
            }

            var errors = new List<string>();
            var options = JsonSerializer.Deserialize(row.Rule, FaultsJsonContext.Default.FaultRuleOptions);
            if (options?.ToRule(row.Id, row.Id, errors) is { } rule)
            {
                shared.Add(new Entry(rule, row.Added, _catalog, row.Fired));
            }
            else
            {
                FaultLog.Unreadable(_logger, row.Id, string.Join(" ", errors));
            }
        }

        _shared = [.. shared];
        _entries = [.. _local, .. _shared];
        _stamp = stamp;
    }

    public void Dispose() => _refresh?.Dispose();

    private static bool IsCatalogFailure(Exception e) => e is DbException or IOException or TimeoutException or JsonException or InvalidOperationException;

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
        while (_local.Any(entry => entry.Rule.Id == id));

        return id;
    }

    /// <param name="catalog">Where a shared rule's firings are counted; null for a rule of this process.</param>
    private sealed class Entry(FaultRule rule, DateTimeOffset added, IFaultCatalog? catalog, long firedEverywhere)
    {
        private readonly Lock _lock = new();
        private readonly Random _draw = rule.Seed is { } seed ? new Random(seed) : new Random();
        private long _fired;
        private bool _spent;

        public FaultRule Rule { get; } = rule;

        public DateTimeOffset Added { get; } = added;

        /// <summary>A shared rule's firings on all nodes, as last read from the catalog.</summary>
        public long FiredEverywhere { get; set; } = firedEverywhere;

        public async ValueTask<bool> TryFireAsync(DateTimeOffset now, CancellationToken cancellationToken)
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

                if (catalog is null)
                {
                    _fired++;
                    return true;
                }
            }

            // Counted where every node counts, so "the next N" fire N times in all.
            var counted = await catalog.TryCountAsync(Rule.Id!, cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (!counted)
                {
                    // Fired its times on the nodes together, or removed on another node.
                    _spent = true;
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
                return new FaultRuleStatus(Rule, Fired, Added, Exhausted(now));
            }
        }

        private long Fired => catalog is null ? _fired : Math.Max(FiredEverywhere, _fired);

        private bool Exhausted(DateTimeOffset now) =>
            _spent || (Rule.Times is { } times && Fired >= times) || (Rule.ExpiresAfter is { } ttl && now - Added >= ttl);
    }
}
