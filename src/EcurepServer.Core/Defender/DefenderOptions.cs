using System.Net;

namespace EcurepServer.Core.Defender;

/// <summary>
/// The defender, bound from <c>EcurepServer:Defender</c>: every address (IPv6 by network) gets a score from what its
/// clients do wrong on any site and protocol; at <see cref="Threshold"/> it is banned.
/// </summary>
public sealed class DefenderOptions
{
    public const string SectionName = "EcurepServer:Defender";

    /// <summary>The addresses never scored when <see cref="AllowList"/> is not configured: loopback, as fail2ban's ignoreip.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowList = ["127.0.0.0/8", "::1/128"];

    public bool Enabled { get; set; } = true;

    /// <summary>The score at which an address is banned.</summary>
    public int Threshold { get; set; } = 15;

    /// <summary>A score leaks away at <see cref="Threshold"/> points per this time, so it counts roughly what happened within it.</summary>
    public TimeSpan ObservationTime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The first ban's length; each further ban within <see cref="OffenceMemory"/> lasts <see cref="BanTimeMultiplier"/> times the one before.</summary>
    public TimeSpan BanTime { get; set; } = TimeSpan.FromMinutes(30);

    public double BanTimeMultiplier { get; set; } = 2;

    public TimeSpan MaxBanTime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after a ban ends a new one still counts as a repeat.</summary>
    public TimeSpan OffenceMemory { get; set; } = TimeSpan.FromDays(7);

    /// <summary>IPv4 addresses are scored per network of this prefix length (32: each address).</summary>
    public int Ipv4PrefixLength { get; set; } = 32;

    /// <summary>IPv6 addresses are scored per network of this prefix length (64: what one customer line gets).</summary>
    public int Ipv6PrefixLength { get; set; } = 64;

    /// <summary>The widest IPv4 network a ban by hand (<c>bans add</c>, <c>POST /bans</c>) may name.</summary>
    public int Ipv4WidestBan { get; set; } = 16;

    /// <summary>The widest IPv6 network a ban by hand may name.</summary>
    public int Ipv6WidestBan { get; set; } = 32;

    /// <summary>Networks (CIDR, or single addresses) never scored or banned; unset: <see cref="DefaultAllowList"/>.</summary>
    public List<string>? AllowList { get; set; }

    public DefenderWeights Weights { get; set; } = new();

    /// <summary>Addresses with a score kept in memory at once; beyond it new addresses are not scored until others decay.</summary>
    public int MaxTrackedAddresses { get; set; } = 100_000;

    /// <summary>Bans kept (in force or remembered as offences); beyond it the one that ends first is dropped.</summary>
    public int MaxBans { get; set; } = 10_000;

    /// <summary>The allow-list as networks; call after <see cref="Validate"/> found no problem.</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks() =>
        [.. (AllowList ?? DefaultAllowList).Where(entry => !string.IsNullOrWhiteSpace(entry)).Select(entry => ClientNetworks.ParseNetwork(entry)!.Value)];

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Require(bool condition, string key, string reason)
        {
            if (!condition)
            {
                errors.Add($"{SectionName}:{key}: {reason}.");
            }
        }

        Require(Threshold >= 1, nameof(Threshold), $"must be at least 1 (was {Threshold})");
        Require(ObservationTime > TimeSpan.Zero, nameof(ObservationTime), $"must be greater than zero (was {ObservationTime})");
        Require(BanTime > TimeSpan.Zero, nameof(BanTime), $"must be greater than zero (was {BanTime})");
        Require(BanTimeMultiplier is >= 1 and <= 100, nameof(BanTimeMultiplier), $"must be between 1 and 100 (was {BanTimeMultiplier})");
        Require(MaxBanTime >= BanTime && MaxBanTime <= TimeSpan.FromDays(36500), nameof(MaxBanTime), $"must be between BanTime ({BanTime}) and 36500 days (was {MaxBanTime})");
        Require(OffenceMemory >= TimeSpan.Zero, nameof(OffenceMemory), $"must not be negative (was {OffenceMemory})");
        Require(Ipv4PrefixLength is >= 8 and <= 32, nameof(Ipv4PrefixLength), $"must be between 8 and 32 (was {Ipv4PrefixLength})");
        Require(Ipv6PrefixLength is >= 16 and <= 128, nameof(Ipv6PrefixLength), $"must be between 16 and 128 (was {Ipv6PrefixLength})");
        Require(Ipv4WidestBan >= 8 && Ipv4WidestBan <= Ipv4PrefixLength, nameof(Ipv4WidestBan), $"must be between 8 and Ipv4PrefixLength ({Ipv4PrefixLength}) (was {Ipv4WidestBan})");
        Require(Ipv6WidestBan >= 16 && Ipv6WidestBan <= Ipv6PrefixLength, nameof(Ipv6WidestBan), $"must be between 16 and Ipv6PrefixLength ({Ipv6PrefixLength}) (was {Ipv6WidestBan})");
        Require(MaxTrackedAddresses >= 1, nameof(MaxTrackedAddresses), $"must be at least 1 (was {MaxTrackedAddresses})");
        Require(MaxBans >= 1, nameof(MaxBans), $"must be at least 1 (was {MaxBans})");
        foreach (var what in Enum.GetValues<DefenderEvent>())
        {
            var weight = Weights.Of(what);
            Require(weight >= 0 && weight <= Threshold, $"Weights:{what}", $"must be between 0 and Threshold ({Threshold}) (was {weight})");
        }

        var list = AllowList ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            Require(
                string.IsNullOrWhiteSpace(list[i]) || ClientNetworks.ParseNetwork(list[i]) is not null,
                $"AllowList:{i}",
                $"'{list[i]}' is not an address or a network such as 192.0.2.0/24 or 2001:db8::/32");
        }

        return errors;
    }
}
