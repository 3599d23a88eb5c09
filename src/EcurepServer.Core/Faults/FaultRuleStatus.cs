namespace EcurepServer.Core.Faults;

/// <summary>A registered rule and how often it has fired.</summary>
public sealed record FaultRuleStatus(FaultRule Rule, long Fired, DateTimeOffset Added, bool Exhausted);
