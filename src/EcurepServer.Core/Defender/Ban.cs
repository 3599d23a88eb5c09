using System.Text.Json.Serialization;

namespace EcurepServer.Core.Defender;

/// <summary>
/// A banned network (an address, or an IPv6 /64 by default) and until when; kept after it ends, for
/// <see cref="DefenderOptions.OffenceMemory"/>, so a repeat is banned longer. <see cref="Offences"/> counts its bans.
/// </summary>
public sealed record Ban(string Network, DateTimeOffset BannedUtc, DateTimeOffset UntilUtc, int Offences, string Reason)
{
    public bool InForce(DateTimeOffset now) => UntilUtc > now;
}

/// <summary>The shape of the bans file: <c>{"bans":[{"network":..,"bannedUtc":..,"untilUtc":..,"offences":..,"reason":..}]}</c>.</summary>
internal sealed class BanDocument
{
    public List<Ban> Bans { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BanDocument))]
internal sealed partial class BanJsonContext : JsonSerializerContext;
