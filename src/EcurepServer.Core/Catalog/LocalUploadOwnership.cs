namespace EcurepServer.Core.Catalog;

/// <summary>
/// Upload claims in this process's memory, for a drop box used without a catalog (an engine embedded in a test). This
/// process is then the only node, so a claim lasts until it is released: no lease of it expires.
/// </summary>
public sealed class LocalUploadOwnership : IUploadOwnership
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, UploadClaim> _claims = new(StringComparer.Ordinal);

    public ValueTask<bool> TryClaimAsync(IReadOnlyList<string> names, UploadClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(claim);
        lock (_lock)
        {
            if (names.Any(name => _claims.TryGetValue(name, out var held) && held.ClaimId != claim.ClaimId))
            {
                return ValueTask.FromResult(false);
            }

            foreach (var name in names)
            {
                _claims[name] = claim;
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask ReleaseAsync(IReadOnlyList<string> names, string claimId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        lock (_lock)
        {
            foreach (var name in names)
            {
                if (_claims.TryGetValue(name, out var held) && held.ClaimId == claimId)
                {
                    _claims.Remove(name);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> IsClaimedAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_claims.ContainsKey(name));
        }
    }

    public ValueTask<int> RenewAsync(string nodeId, DateTimeOffset expiresUtc, CancellationToken cancellationToken) => ValueTask.FromResult(0);

    public IAsyncEnumerable<(string Name, UploadClaim Claim)> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _claims.OrderBy(pair => pair.Value.StartedUtc).Select(pair => (pair.Key, pair.Value)).ToList().ToAsyncEnumerable();
        }
    }
}
