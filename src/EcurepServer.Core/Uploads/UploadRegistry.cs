using EcurepServer.Core.Catalog;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;

namespace EcurepServer.Core.Uploads;

/// <summary>
/// What uploads in progress hold: their partial file, so no two write it at once and retention leaves it alone, and
/// the delivered file they are meant to become, so no two of an account aim at the same name. The claims are kept in
/// the catalog (<see cref="IUploadOwnership"/>), so this holds across every node of the drop box; the names this
/// process holds are also kept here, for the checks that must not wait for the catalog (a free unique name).
/// </summary>
internal sealed class UploadRegistry(IUploadOwnership ownership, CatalogNode node, StorageLayout layout, TimeProvider time, TimeSpan leaseDuration)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    /// <summary>Claims every file of <paramref name="files"/> for the upload <paramref name="claimId"/> of <paramref name="session"/>, or none.</summary>
    public async ValueTask<bool> TryAcquireAsync(string claimId, IReadOnlyList<string> files, DropBoxSession session, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (files.Any(_held.Contains))
            {
                return false;
            }

            _held.UnionWith(files);
        }

        var acquired = false;
        try
        {
            var now = time.GetUtcNow();
            var context = session.Context;
            var principal = session.Principal;
            var claim = new UploadClaim(
                claimId,
                node.Id,
                context.SessionId,
                principal.IsAnonymous ? principal.AnonymousEmail ?? principal.Name : principal.Name,
                context.Site,
                context.Protocol,
                context.ClientAddress.ToString(),
                now,
                now + leaseDuration);
            acquired = await ownership.TryClaimAsync(Names(files), claim, now, cancellationToken).ConfigureAwait(false);
            return acquired;
        }
        finally
        {
            if (!acquired)
            {
                Forget(files);
            }
        }
    }

    public async ValueTask ReleaseAsync(string claimId, IReadOnlyList<string> files)
    {
        try
        {
            await ownership.ReleaseAsync(Names(files), claimId, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Forget(files);
        }
    }

    /// <summary>True while an upload of this process holds <paramref name="file"/>.</summary>
    public bool IsActive(string file)
    {
        lock (_lock)
        {
            return _held.Contains(file);
        }
    }

    /// <summary>True while an upload of any node holds <paramref name="file"/>.</summary>
    public async ValueTask<bool> IsClaimedAsync(string file, CancellationToken cancellationToken) =>
        IsActive(file) || await ownership.IsClaimedAsync(layout.StoredPath(file), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

    private string[] Names(IReadOnlyList<string> files) => [.. files.Select(layout.StoredPath)];

    private void Forget(IReadOnlyList<string> files)
    {
        lock (_lock)
        {
            _held.ExceptWith(files);
        }
    }
}
