namespace EcurepServer.Core.Catalog;

/// <summary>
/// Fault rules armed through the management API, shared by every node: each node keeps the rules in memory and reads
/// them again when <see cref="Stamp"/> moved; a firing is counted here (<see cref="TryCount"/>), so "the next N" counts
/// across nodes. Synchronous, as the engines ask about faults synchronously and a firing is counted before it fires;
/// the registry's background refresh uses <see cref="StampAsync"/> and <see cref="ReadAsync"/>, which block no thread
/// on a store over the network.
/// </summary>
public interface IFaultCatalog
{
    /// <summary>A number every add, remove and clear counts up.</summary>
    long Stamp();

    /// <summary>The rules in the order they were added.</summary>
    IReadOnlyList<CatalogFaultRule> Read();

    /// <summary><see cref="Stamp"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<long> StampAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Stamp());

    /// <summary><see cref="Read"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<IReadOnlyList<CatalogFaultRule>> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Read());

    /// <summary>
    /// Adds <paramref name="rule"/> (its JSON) under <paramref name="id"/>, or under a new <c>fault-N</c> when null,
    /// replacing a rule of that id (its count starts again); returns the id.
    /// </summary>
    string Add(string? id, string rule, int? times, DateTimeOffset added);

    bool Remove(string id);

    /// <summary>Removes every rule; returns how many there were.</summary>
    int Clear();

    /// <summary>Counts one firing of rule <paramref name="id"/>: false (nothing counted) when it is gone or fired its times already.</summary>
    bool TryCount(string id);
}

/// <summary>A shared fault rule as the catalog keeps it: its JSON, when it was added and how often it fired on all nodes.</summary>
public sealed record CatalogFaultRule(string Id, string Rule, DateTimeOffset Added, long Fired);
