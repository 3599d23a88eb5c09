using EcurepServer.Core.Defender;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The client defender's bans, shared by every node. The defender uses only the asynchronous members (its refresh, the
/// bans it imposes and lifts, the management reads), so a store that does network I/O blocks no thread on a connection
/// or a request; the synchronous ones serve the one-off import of a bans file and tests.
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

    /// <summary><see cref="Change"/>; a store over the network answers without blocking a thread.</summary>
    ValueTask<IReadOnlyList<Ban>> ChangeAsync(Func<List<Ban>, List<Ban>> change, CancellationToken cancellationToken) => ValueTask.FromResult(Change(change));
}
