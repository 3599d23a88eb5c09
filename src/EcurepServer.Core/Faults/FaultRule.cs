namespace EcurepServer.Core.Faults;

/// <summary>
/// A fault to inject: where (<see cref="Match"/>, <see cref="Point"/>), what (<see cref="Action"/>), and how often:
/// at most <see cref="Times"/> firings (null: unlimited), each matching point firing with <see cref="Probability"/>
/// drawn from a generator seeded with <see cref="Seed"/> (so a run repeats), until <see cref="ExpiresAfter"/> has
/// passed since the rule was added.
/// </summary>
public sealed record FaultRule(
    FaultMatch Match,
    FaultPoint Point,
    FaultAction Action,
    int? Times = null,
    double Probability = 1,
    int? Seed = null,
    TimeSpan? ExpiresAfter = null)
{
    /// <summary>The rule's name; the registry gives one to a rule added without.</summary>
    public string? Id { get; init; }
}
