using System.Text.Json.Serialization;

namespace EcurepServer.Core.Routing;

/// <summary>
/// The case or PMR a delivered file belongs to, or lost. <see cref="Case"/> is normalised to "TS" and 9 digits,
/// <see cref="Pmr"/> to "NNNNN.BBB.CCC" (upper case, dots), so equal routes compare equal whatever the file name's spelling.
/// </summary>
public sealed record Route(
    RouteKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Case = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pmr = null)
{
    public static Route Lost { get; } = new(RouteKind.Lost);

    /// <summary>"case TS012345678", "pmr 34143.055.724" or "lost", as logged and listed.</summary>
    public override string ToString() => Kind switch
    {
        RouteKind.Case => $"case {Case}",
        RouteKind.Pmr => $"pmr {Pmr}",
        _ => "lost",
    };
}
