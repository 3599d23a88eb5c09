namespace EcurepServer.Core.Faults;

/// <summary>What the engines ask at each point of a conversation: does a fault fire here?</summary>
public interface IFaultInjector
{
    /// <summary>The first rule that matches <paramref name="probe"/> and fires; null to go on as usual.</summary>
    FaultFiring? Fire(FaultProbe probe);

    /// <summary>
    /// The first <c>after-bytes N</c> rule whose N an upload passed, growing from <paramref name="before"/> to
    /// <paramref name="after"/> bytes (before &lt; N ≤ after); null to go on.
    /// </summary>
    FaultFiring? FireAfterBytes(FaultProbe probe, long before, long after);
}

/// <summary>No faults: what the engines use when the host gives them none.</summary>
public sealed class NoFaults : IFaultInjector
{
    public static readonly NoFaults Instance = new();

    public FaultFiring? Fire(FaultProbe probe) => null;

    public FaultFiring? FireAfterBytes(FaultProbe probe, long before, long after) => null;
}
