using System.Diagnostics.Metrics;
using System.Net;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Defender;

/// <summary>
/// Scores client addresses across every site and protocol and bans those that reach the threshold: failed logins,
/// logins to unknown accounts, protocol errors, hostile input and connections that never log in add their weights.
/// A banned address is refused at accept. Bans are kept in the catalog (<see cref="BanFile"/> without one), so they
/// survive a restart and apply on every node; bans imposed or lifted elsewhere (another node, the <c>bans</c> verb)
/// are seen within <c>Catalog:PollInterval</c>.
/// </summary>
/// <remarks>
/// The score is a leaky bucket of its own rather than a System.Threading.RateLimiting limiter: a ban must start the
/// address's score afresh and a lifted ban must not leave it one point short of the next, which a limiter cannot
/// reset; and its clock must be the server's TimeProvider so the decay can be tested.
/// </remarks>
public sealed partial class ClientDefender : IDisposable
{
    public const string MeterName = "EcurepServer.Defender";

    private readonly DefenderOptions _options;
    private readonly IReadOnlyList<IPNetwork> _allowed;
    private readonly IBanCatalog _file;
    private readonly string _location;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPNetwork, Score> _scores = [];
    private readonly Meter _meter;
    private readonly Counter<long> _points;
    private readonly Counter<long> _banned;
    private readonly Counter<long> _refused;
    private readonly CatalogRefresh _refresh;
    private Dictionary<IPNetwork, Ban> _bans = [];

    /// <summary>The banned networks wider than the defender scores (banned by hand), checked by containment.</summary>
    private KeyValuePair<IPNetwork, Ban>[] _wide = [];
    private long _stamp = -1;

    /// <summary>The bans imposed here whose catalog write has not ended, and those writes.</summary>
    private readonly Dictionary<IPNetwork, Ban> _writing = [];
    private readonly List<Task> _writes = [];

    /// <summary>Counts the reloads under the lock, so a poll that read the bans before one does not undo it.</summary>
    private long _generation;

    /// <param name="bans">Where bans are kept, shared by every node; none: the bans file in the data directory.</param>
    /// <param name="catalog">How often bans other nodes impose are looked for; none: the default <c>Catalog:PollInterval</c>.</param>
    public ClientDefender(IOptions<DefenderOptions> options, IOptions<DropBoxOptions> dropBox, TimeProvider time, ILogger<ClientDefender> logger, IMeterFactory? meters = null,
        IBanCatalog? bans = null, IOptions<CatalogOptions>? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dropBox);
        _options = options.Value;
        _allowed = _options.AllowedNetworks();
        var file = BanFile.In(dropBox.Value.DataDirectory);
        _file = bans ?? file;
        _location = bans is null ? file.Path : "the catalog";
        _time = time;
        _refresh = new CatalogRefresh(time, (catalog?.Value ?? new CatalogOptions()).PollInterval, LookAsync);
        _logger = logger;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _points = _meter.CreateCounter<long>("ecurep.defender.points", description: "Points added to client addresses' scores, by event");
        _banned = _meter.CreateCounter<long>("ecurep.defender.bans", description: "Bans imposed, by the event that reached the threshold");
        _refused = _meter.CreateCounter<long>("ecurep.defender.refused", description: "Connections refused at accept because their address is banned");
        _meter.CreateObservableGauge("ecurep.defender.banned", BannedNow, description: "Addresses banned now");
    }

    public bool Enabled => _options.Enabled;

    /// <summary>Where the bans are kept.</summary>
    public string FilePath => _location;

    /// <summary>The network <paramref name="address"/> is scored and banned as.</summary>
    public IPNetwork NetworkOf(IPAddress address) => ClientNetworks.Of(address, _options.Ipv4PrefixLength, _options.Ipv6PrefixLength);

    /// <summary>False when <paramref name="address"/> is banned: the engine refuses the connection (counted, logged at Debug).</summary>
    public bool Admits(IPAddress address, string site, string protocol)
    {
        if (!_options.Enabled || IsAllowListed(address))
        {
            return true;
        }

        var network = NetworkOf(address);
        Ban? ban;

        // Bans other nodes impose, and lifts, count here within the poll interval through the background refresh; every
        // connection, a banned address's flood among them, is answered from memory without a catalog round trip.
        EnsureRefreshing();
        lock (_lock)
        {
            if (!InForce(network, out ban))
            {
                return true;
            }
        }

        _refused.Add(1, new("site", site), new("protocol", protocol));
        LogRefused(_logger, address, site, protocol, ban!.UntilUtc);
        return false;
    }

    /// <summary>Adds the event's weight to the address's score; bans the address when the score reaches the threshold.</summary>
    public void Report(IPAddress address, DefenderEvent what, string site, string protocol)
    {
        var weight = _options.Weights.Of(what);
        if (!_options.Enabled || weight == 0 || IsAllowListed(address))
        {
            return;
        }

        _points.Add(weight, new("event", EventName(what)), new("site", site), new("protocol", protocol));
        var network = NetworkOf(address);
        double score;
        EnsureRefreshing();
        lock (_lock)
        {
            if (InForce(network, out _))
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (!_scores.TryGetValue(network, out var current))
            {
                if (_scores.Count >= _options.MaxTrackedAddresses && !ForgetDecayed(now))
                {
                    LogTableFull(_logger, _options.MaxTrackedAddresses, network.ToString());
                    return;
                }

                current = new Score(0, now);
            }

            score = Decayed(current, now) + weight;
            if (score < _options.Threshold)
            {
                _scores[network] = new Score(score, now);
                return;
            }

            _scores.Remove(network);
        }

        Impose(network, $"score {score:0.#} reached {_options.Threshold}; last: {EventName(what)} at {site} via {protocol}", what);
    }

    /// <summary>The bans in force now, soonest to end first, as the catalog holds them (with this node's bans being written).</summary>
    public async Task<IReadOnlyList<Ban>> BansAsync(CancellationToken cancellationToken)
    {
        await WrittenAsync().ConfigureAwait(false);
        await RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return [.. _bans.Values.Where(ban => ban.InForce(now)).OrderBy(ban => ban.UntilUtc)];
        }
    }

    /// <summary>The addresses banned now as this node enforces them (the bans in memory; no catalog round trip).</summary>
    private int BannedNow()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return _bans.Values.Count(ban => ban.InForce(now));
        }
    }

    /// <summary>
    /// Lifts the ban of <paramref name="addressOrNetwork"/> (an address, which names its scored network, or the network
    /// as listed) and forgets its offences; returns the ban lifted, null when there was none.
    /// </summary>
    /// <exception cref="FormatException">It is neither an address nor a network.</exception>
    public async Task<Ban?> LiftAsync(string addressOrNetwork, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addressOrNetwork);
        var network = ParseTarget(addressOrNetwork);
        var key = ClientNetworks.Format(network);

        // A ban of this node still being written would come back after the lift.
        await WrittenAsync().ConfigureAwait(false);
        Ban? lifted = null;
        await _file.ChangeAsync(
            bans =>
            {
                lifted = bans.Find(ban => ban.Network == key);
                bans.RemoveAll(ban => ban.Network == key);
                return bans;
            },
            cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _bans.Remove(network);
            _wide = WideBans(_bans);
            _scores.Remove(network);
            _generation++;
        }

        await RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        if (lifted is not null)
        {
            LogLifted(_logger, key);
        }

        return lifted?.InForce(_time.GetUtcNow()) == true ? lifted : null;
    }

    /// <summary>
    /// Bans <paramref name="addressOrNetwork"/> by hand (an address names its scored network; a network may be wider, down
    /// to <c>Ipv4WidestBan</c>/<c>Ipv6WidestBan</c>) for <paramref name="duration"/> (default <c>BanTime</c>, at most
    /// <c>MaxBanTime</c>); written to the catalog before it returns, so every node refuses it within the poll interval.
    /// </summary>
    /// <exception cref="FormatException">It is neither an address nor a network.</exception>
    /// <exception cref="ArgumentException">The network is too wide, narrower than addresses are scored, allow-listed, or the duration is out of range.</exception>
    public async Task<Ban> BanAsync(string addressOrNetwork, TimeSpan? duration, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addressOrNetwork);
        var network = ParseTarget(addressOrNetwork);
        var key = ClientNetworks.Format(network);
        var length = duration ?? _options.BanTime;
        if (length <= TimeSpan.Zero || length > _options.MaxBanTime)
        {
            throw new ArgumentException($"A ban lasts more than 0 seconds and at most MaxBanTime ({_options.MaxBanTime}), not {length}.");
        }

        var ipv4 = network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        var widest = ipv4 ? _options.Ipv4WidestBan : _options.Ipv6WidestBan;
        if (network.PrefixLength < widest)
        {
            throw new ArgumentException($"{key} is too wide to ban: at most a /{widest} ({(ipv4 ? "Ipv4WidestBan" : "Ipv6WidestBan")}).");
        }

        if (network.PrefixLength > ScoredPrefixLength(network.BaseAddress))
        {
            throw new ArgumentException($"{key} is narrower than the /{ScoredPrefixLength(network.BaseAddress)} addresses are scored and banned as; ban the address or that network.");
        }

        foreach (var allowed in _allowed)
        {
            if (allowed.Contains(network.BaseAddress) || network.Contains(allowed.BaseAddress))
            {
                throw new ArgumentException($"{key} overlaps the allow-listed {allowed} (Defender:AllowList); it is never banned.");
            }
        }

        await WrittenAsync().ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var why = string.IsNullOrWhiteSpace(reason) ? "banned by hand" : reason.Trim();
        Ban? imposed = null;
        await _file.ChangeAsync(
            bans =>
            {
                var previous = bans.Find(ban => ban.Network == key);
                var offences = previous is not null && previous.UntilUtc + _options.OffenceMemory > now ? previous.Offences + 1 : 1;
                imposed = new Ban(key, now, now + length, offences, why);
                return Stored(bans, imposed, now);
            },
            cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _bans[network] = imposed!;
            _wide = WideBans(_bans);
            _generation++;
        }

        LogBanned(_logger, key, imposed!.UntilUtc, length, imposed.Offences, why);
        return imposed;
    }

    public void Dispose()
    {
        _refresh.Dispose();
        _meter.Dispose();
    }

    /// <summary>The network a verb or API names: an address's scored network, or a network as given.</summary>
    private IPNetwork ParseTarget(string text)
    {
        var parsed = ClientNetworks.ParseNetwork(text) ?? throw new FormatException($"'{text}' is not an address or a network such as 2001:db8:1:2::/64.");
        return parsed.PrefixLength == parsed.BaseAddress.GetAddressBytes().Length * 8 ? NetworkOf(parsed.BaseAddress) : parsed;
    }

    /// <summary>
    /// Bans <paramref name="network"/> on this node at once and writes the ban to the catalog off the caller's thread, so
    /// the connection that reached the threshold waits on no catalog round trip; the other nodes see the ban once written.
    /// </summary>
    private void Impose(IPNetwork network, string reason, DefenderEvent what)
    {
        var key = ClientNetworks.Format(network);
        var now = _time.GetUtcNow();
        Ban provisional;
        lock (_lock)
        {
            provisional = Next(_bans.GetValueOrDefault(network), key, now, reason);
            _bans[network] = provisional;
            _writing[network] = provisional;
            _generation++;
        }

        _banned.Add(1, new KeyValuePair<string, object?>("event", EventName(what)));
        var write = WriteAsync(network, provisional, reason);
        if (!write.IsCompleted)
        {
            lock (_lock)
            {
                _writes.RemoveAll(pending => pending.IsCompleted);
                _writes.Add(write);
            }
        }
    }

    /// <summary>Writes the ban, counting its offences from the catalog's bans (other nodes' bans of the network count too).</summary>
    private async Task WriteAsync(IPNetwork network, Ban provisional, string reason)
    {
        var key = provisional.Network;
        var now = provisional.BannedUtc;
        Ban? imposed = null;
        try
        {
            await _file.ChangeAsync(
                bans =>
                {
                    imposed = Next(bans.Find(ban => ban.Network == key), key, now, reason);
                    return Stored(bans, imposed, now);
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The ban holds in memory here until the bans are read again; nothing waits on this write to see it fail.
            LogFileFailed(_logger, e, _location);
            imposed = null;
        }

        lock (_lock)
        {
            if (_writing.GetValueOrDefault(network) == provisional)
            {
                _writing.Remove(network);
                if (imposed is not null)
                {
                    _bans[network] = imposed;
                    _generation++;
                }
            }
        }

        var ban = imposed ?? provisional;
        LogBanned(_logger, key, ban.UntilUtc, ban.UntilUtc - ban.BannedUtc, ban.Offences, reason);
    }

    /// <summary><paramref name="bans"/> with <paramref name="ban"/> in place of its network's, forgotten offences gone, and at most <c>MaxBans</c> (the soonest to end go).</summary>
    private List<Ban> Stored(List<Ban> bans, Ban ban, DateTimeOffset now)
    {
        bans.RemoveAll(kept => kept.Network == ban.Network || kept.UntilUtc + _options.OffenceMemory <= now);
        bans.Add(ban);
        while (bans.Count > _options.MaxBans)
        {
            bans.Remove(bans.MinBy(kept => kept.UntilUtc)!);
        }

        return bans;
    }

    /// <summary>The ban that follows <paramref name="previous"/>: longer while its offences are remembered.</summary>
    private Ban Next(Ban? previous, string key, DateTimeOffset now, string reason)
    {
        var offences = previous is not null && previous.UntilUtc + _options.OffenceMemory > now ? previous.Offences + 1 : 1;
        var length = TimeSpan.FromTicks((long)Math.Min(
            _options.MaxBanTime.Ticks,
            _options.BanTime.Ticks * Math.Pow(_options.BanTimeMultiplier, offences - 1)));
        return new Ban(key, now, now + length, offences, reason);
    }

    /// <summary>Until the bans this node imposed so far are written (or failed to be).</summary>
    private Task WrittenAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll(_writes);
        }
    }

    /// <summary>Reads the bans into memory when their stamp moved; bans that cannot be read keep the bans known before (reported once per change).</summary>
    private void Reload()
    {
        long stamp;
        try
        {
            stamp = _file.Stamp();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            LogFileFailed(_logger, e, _location);
            return;
        }

        if (stamp == _stamp)
        {
            return;
        }

        try
        {
            Apply(ReadBans());
            _generation++;
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            LogFileFailed(_logger, e, _location);
        }

        _stamp = stamp;
    }

    /// <summary>
    /// Looks at the stamp (by the background refresh, once per poll interval), so bans other nodes impose or lift
    /// apply here within the interval.
    /// </summary>
    private Task LookAsync(CancellationToken cancellationToken) => RefreshAsync(force: false, cancellationToken);

    /// <summary>Reads the bans into memory when their stamp moved, or <paramref name="force"/>d; a failure keeps the bans known before.</summary>
    private async Task RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        long generation;
        lock (_lock)
        {
            generation = _generation;
        }

        try
        {
            var stamp = await _file.StampAsync(cancellationToken).ConfigureAwait(false);
            if (!force && stamp == Volatile.Read(ref _stamp))
            {
                return;
            }

            var bans = ByNetwork(await _file.ReadAsync(cancellationToken).ConfigureAwait(false));
            lock (_lock)
            {
                // A change made here meanwhile is newer than what was read; the next look reads it.
                if (generation == _generation)
                {
                    Apply(bans);
                    _stamp = stamp;
                }
            }
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            LogFileFailed(_logger, e, _location);
        }
    }

    /// <summary>Makes <paramref name="read"/> the bans in force, with this node's bans not written yet on top.</summary>
    private void Apply(Dictionary<IPNetwork, Ban> read)
    {
        foreach (var (network, ban) in _writing)
        {
            read[network] = ban;
        }

        _bans = read;
        _wide = WideBans(read);
    }

    /// <summary>The first use reads the bans under the lock, so bans imposed before a start refuse the first connection.</summary>
    private void EnsureRefreshing() => _refresh.EnsureStarted(() =>
    {
        lock (_lock)
        {
            Reload();
        }
    });

    private Dictionary<IPNetwork, Ban> ReadBans() => ByNetwork(_file.Read());

    private static Dictionary<IPNetwork, Ban> ByNetwork(IReadOnlyList<Ban> read)
    {
        var bans = new Dictionary<IPNetwork, Ban>();
        foreach (var ban in read)
        {
            bans[ClientNetworks.ParseNetwork(ban.Network)!.Value] = ban;
        }

        return bans;
    }

    private static bool IsStorageFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or System.Data.Common.DbException;

    private bool InForce(IPNetwork network, out Ban? ban)
    {
        var now = _time.GetUtcNow();
        if (_bans.TryGetValue(network, out ban) && ban.InForce(now))
        {
            return true;
        }

        foreach (var (wide, wideBan) in _wide)
        {
            if (wide.Contains(network.BaseAddress) && wideBan.InForce(now))
            {
                ban = wideBan;
                return true;
            }
        }

        return false;
    }

    /// <summary>The bans of networks wider than an address is scored as, which no lookup of a scored network finds.</summary>
    private KeyValuePair<IPNetwork, Ban>[] WideBans(Dictionary<IPNetwork, Ban> bans) =>
        [.. bans.Where(pair => pair.Key.PrefixLength < ScoredPrefixLength(pair.Key.BaseAddress))];

    private int ScoredPrefixLength(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? _options.Ipv4PrefixLength : _options.Ipv6PrefixLength;

    private bool IsAllowListed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _allowed)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private double Decayed(Score score, DateTimeOffset now)
    {
        var elapsed = now > score.Since ? now - score.Since : TimeSpan.Zero;
        var leaked = _options.Threshold * (elapsed / _options.ObservationTime);
        return Math.Max(0, score.Points - leaked);
    }

    /// <summary>Drops the scores that have leaked away; true when that made room.</summary>
    private bool ForgetDecayed(DateTimeOffset now)
    {
        foreach (var (network, score) in _scores.ToList())
        {
            if (Decayed(score, now) <= 0)
            {
                _scores.Remove(network);
            }
        }

        return _scores.Count < _options.MaxTrackedAddresses;
    }

    private static string EventName(DefenderEvent what) => what switch
    {
        DefenderEvent.FailedLogin => "failed-login",
        DefenderEvent.UnknownAccount => "unknown-account",
        DefenderEvent.ProtocolError => "protocol-error",
        DefenderEvent.HostileInput => "hostile-input",
        _ => "no-login",
    };

    private readonly record struct Score(double Points, DateTimeOffset Since);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Banned {Network} until {UntilUtc:u} ({Duration}, ban {Offences}): {Reason}")]
    private static partial void LogBanned(ILogger logger, string network, DateTimeOffset untilUtc, TimeSpan duration, int offences, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifted the ban of {Network}")]
    private static partial void LogLifted(ILogger logger, string network);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a connection from {Address} at {Site} via {Protocol}: banned until {UntilUtc:u}")]
    private static partial void LogRefused(ILogger logger, IPAddress address, string site, string protocol, DateTimeOffset untilUtc);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot read or write the bans file {BansFile}")]
    private static partial void LogFileFailed(ILogger logger, Exception exception, string bansFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The defender already scores {Max} addresses (MaxTrackedAddresses); {Network} is not scored")]
    private static partial void LogTableFull(ILogger logger, int max, string network);
}
