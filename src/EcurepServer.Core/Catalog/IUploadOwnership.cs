namespace EcurepServer.Core.Catalog;

/// <summary>
/// Which upload holds which name (its partial file and the delivered name it aims at), across every node that shares
/// the drop box: a name is held by one upload at a time. A claim is a lease: its node renews the leases of all its
/// claims together (<see cref="RenewAsync"/>), so when a node dies its claims expire and another node may take them
/// over to resume the upload. Names are paths relative to the data directory with '/', the same on every node.
/// </summary>
public interface IUploadOwnership
{
    /// <summary>
    /// Claims every name of <paramref name="names"/> for <paramref name="claim"/>, or none: false when any of them is
    /// held by another claim whose lease has not expired at <paramref name="now"/>. An expired claim of a name is taken over.
    /// </summary>
    ValueTask<bool> TryClaimAsync(IReadOnlyList<string> names, UploadClaim claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives up the names <paramref name="claimId"/> holds among <paramref name="names"/>; names another claim holds are left alone.</summary>
    ValueTask ReleaseAsync(IReadOnlyList<string> names, string claimId, CancellationToken cancellationToken);

    /// <summary>True while a claim whose lease has not expired at <paramref name="now"/> holds <paramref name="name"/>.</summary>
    ValueTask<bool> IsClaimedAsync(string name, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Extends the lease of every claim of <paramref name="nodeId"/> to <paramref name="expiresUtc"/>; returns how many.</summary>
    ValueTask<int> RenewAsync(string nodeId, DateTimeOffset expiresUtc, CancellationToken cancellationToken);

    /// <summary>Every claim whose lease has not expired at <paramref name="now"/>, with the name it holds, oldest first.</summary>
    IAsyncEnumerable<(string Name, UploadClaim Claim)> ListAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
