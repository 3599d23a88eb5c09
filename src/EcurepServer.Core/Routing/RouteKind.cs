using System.Text.Json.Serialization;

namespace EcurepServer.Core.Routing;

/// <summary>Where a delivered file belongs, decided by its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RouteKind>))]
public enum RouteKind
{
    [JsonStringEnumMemberName("lost")]
    Lost,

    [JsonStringEnumMemberName("case")]
    Case,

    [JsonStringEnumMemberName("pmr")]
    Pmr,
}
