namespace EcurepServer.Core.Faults;

/// <summary>A rule that fired at a point: the engine carries out <see cref="Action"/>.</summary>
public sealed record FaultFiring(string RuleId, string Point, FaultAction Action);
