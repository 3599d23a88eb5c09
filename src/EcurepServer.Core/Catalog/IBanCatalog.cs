using EcurepServer.Core.Defender;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The client defender's bans, shared by every node. Synchronous, like the file it replaces, for a change (made under
/// the defender's lock) and the management reads; the defender's background refresh uses <see cref="StampAsync"/> and
/// <see cref="ReadAsync"/>, so a store that does network I/O blocks no thread there.
/// </summary>
public interface IBanCatalog
{
    /// <summary>Changes whenever the bans change, on any node; cheap to read.</summary>
    long Stamp();

    /// <summary>Every ban kept (in force or remembered for its offences).</summary>
    IReadOnlyList<Ban> Read();

    /// <summary><see cref="Stamp"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<long> StampAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Stamp());

    /// <summary><see cref="Read"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<IReadOnlyList<Ban>> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Read());

    /// <summary>Applies <paramref name="change"/> to the bans kept, atomically across nodes, and returns the bans after it.</summary>
    IReadOnlyList<Ban> Change(Func<List<Ban>, List<Ban>> change);
}
