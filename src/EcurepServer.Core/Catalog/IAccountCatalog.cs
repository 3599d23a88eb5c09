namespace EcurepServer.Core.Catalog;

/// <summary>
/// The Transfer IDs, shared by every node: a change on one node applies on every node at its next read. Ids compare
/// without regard to case.
/// </summary>
public interface IAccountCatalog
{
    /// <summary>Changes whenever an account changes, on any node; cheap to read, so readers keep a snapshot until it moves.</summary>
    ValueTask<long> StampAsync(CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<CatalogAccount>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="account"/>; false when its id exists.</summary>
    ValueTask<bool> AddAsync(CatalogAccount account, CancellationToken cancellationToken);

    /// <summary>Replaces account <paramref name="id"/> with what <paramref name="change"/> makes of it, atomically; false when there is no such account.</summary>
    ValueTask<bool> UpdateAsync(string id, Func<CatalogAccount, CatalogAccount> change, CancellationToken cancellationToken);

    /// <summary>Removes account <paramref name="id"/>; false when there is none.</summary>
    ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken);
}
