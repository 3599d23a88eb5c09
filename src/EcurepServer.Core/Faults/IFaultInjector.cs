namespace EcurepServer.Core.Faults;

/// <summary>What the engines ask at each point of a conversation: does a fault fire here?</summary>
/// <remarks>Asynchronous: a shared rule's firing is counted in the catalog before it fires. Without a rule, it completes at once.</remarks>
public interface IFaultInjector
{
    /// <summary>The first rule that matches <paramref name="probe"/> and fires; null to go on as usual.</summary>
    ValueTask<FaultFiring?> FireAsync(FaultProbe probe, CancellationToken cancellationToken);

    /// <summary>
    /// The first <c>after-bytes N</c> rule whose N an upload passed, growing from <paramref name="before"/> to
    /// <paramref name="after"/> bytes (before &lt; N ≤ after); null to go on.
    /// </summary>
    ValueTask<FaultFiring?> FireAfterBytesAsync(FaultProbe probe, long before, long after, CancellationToken cancellationToken);
}

/// <summary>No faults: what the engines use when the host gives them none.</summary>
public sealed class NoFaults : IFaultInjector
{
    public static readonly NoFaults Instance = new();

    public ValueTask<FaultFiring?> FireAsync(FaultProbe probe, CancellationToken cancellationToken) => ValueTask.FromResult<FaultFiring?>(null);

    public ValueTask<FaultFiring?> FireAfterBytesAsync(FaultProbe probe, long before, long after, CancellationToken cancellationToken) =>
        ValueTask.FromResult<FaultFiring?>(null);
}
