using EcurepServer.Core.Catalog;

namespace EcurepServer.Core.Tests.Support;

/// <summary>An account catalog in memory with the catalogs' contract: ids compare without regard to case, every change counts up the stamp.</summary>
public sealed class MemoryAccountCatalog : IAccountCatalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CatalogAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private long _stamp;

    /// <summary>How often the whole list was read, so tests can tell a login did not read it.</summary>
    public int Lists { get; private set; }

    public ValueTask<long> StampAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Interlocked.Read(ref _stamp));

    public ValueTask<IReadOnlyList<CatalogAccount>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Lists++;
            return ValueTask.FromResult<IReadOnlyList<CatalogAccount>>([.. _accounts.Values]);
        }
    }

    public ValueTask<bool> AddAsync(CatalogAccount account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_accounts.TryAdd(account.Id, account) && Bump());
        }
    }

    public ValueTask<bool> UpdateAsync(string id, Func<CatalogAccount, CatalogAccount> change, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(id, out var account))
            {
                return ValueTask.FromResult(false);
            }

            _accounts[id] = change(account);
            return ValueTask.FromResult(Bump());
        }
    }

    public ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_accounts.Remove(id) && Bump());
        }
    }

    private bool Bump()
    {
        Interlocked.Increment(ref _stamp);
        return true;
    }
}
