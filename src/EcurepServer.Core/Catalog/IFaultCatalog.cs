namespace EcurepServer.Core.Catalog;

/// <summary>
/// Fault rules armed through the management API, shared by every node: each node keeps the rules in memory and reads
/// them again when <see cref="Stamp"/> moved; a firing is counted here (<see cref="TryCount"/>), so "the next N" counts
/// across nodes. The registry uses only the asynchronous members (its refresh, the management requests, the count
/// before a firing), so a store over the network blocks no thread on a connection or a request.
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

    /// <summary><see cref="Add"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<string> AddAsync(string? id, string rule, int? times, DateTimeOffset added, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Add(id, rule, times, added));

    /// <summary><see cref="Remove"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(Remove(id));

    /// <summary><see cref="Clear"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<int> ClearAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Clear());

    /// <summary><see cref="TryCount"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<bool> TryCountAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(TryCount(id));
}

/// <summary>A shared fault rule as the catalog keeps it: its JSON, when it was added and how often it fired on all nodes.</summary>
public sealed record CatalogFaultRule(string Id, string Rule, DateTimeOffset Added, long Fired);
