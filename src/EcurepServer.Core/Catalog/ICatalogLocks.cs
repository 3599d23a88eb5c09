namespace EcurepServer.Core.Catalog;

/// <summary>
/// Named locks across every node that shares the catalog (<see cref="CatalogLockNames"/>), each a lease: held by one
/// holder until released or until it expires, so a node that dies holding one does not block the others for ever.
/// </summary>
public interface ICatalogLocks
{
    /// <summary>
    /// Takes lock <paramref name="name"/> for <paramref name="holder"/> until <paramref name="expiresUtc"/>, or extends
    /// it when <paramref name="holder"/> has it already; false while another holder's lease has not expired at <paramref name="now"/>.
    /// </summary>
    ValueTask<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken);

    /// <summary>Releases lock <paramref name="name"/> if <paramref name="holder"/> holds it.</summary>
    ValueTask ReleaseAsync(string name, string holder, CancellationToken cancellationToken);
}
