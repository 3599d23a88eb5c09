using EcurepServer.Core.Defender;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The client defender's bans, shared by every node. Synchronous, like the file it replaces: the defender reads it
/// under its lock on the accept path, and only when an address is banned or <see cref="Stamp"/> changed.
/// </summary>
public interface IBanCatalog
{
    /// <summary>Changes whenever the bans change, on any node; cheap to read.</summary>
    long Stamp();

    /// <summary>Every ban kept (in force or remembered for its offences).</summary>
    IReadOnlyList<Ban> Read();

    /// <summary>Applies <paramref name="change"/> to the bans kept, atomically across nodes, and returns the bans after it.</summary>
    IReadOnlyList<Ban> Change(Func<List<Ban>, List<Ban>> change);
}
