using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Storage;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The uploads in progress on every node that shares the catalog, read from their claims (not from this process's
/// memory): each upload claims its partial file, whose size on the shared data directory is what it holds so far.
/// </summary>
public sealed class ClaimedUploads(IUploadOwnership ownership, IOptions<DropBoxOptions> options, TimeProvider time, CatalogNode node)
{
    /// <summary><paramref name="local"/> (this node's uploads, as its drop box follows them) and those other nodes hold, oldest first.</summary>
    public async Task<IReadOnlyList<UploadInProgress>> WithOtherNodesAsync(IReadOnlyList<UploadInProgress> local, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        var others = (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(entry => entry.NodeId != node.Id).Select(entry => entry.Upload);
        return [.. local.Concat(others).OrderBy(upload => upload.StartedUtc)];
    }

    /// <summary>Every upload whose claim has not expired, oldest first, with the node that holds it.</summary>
    public async Task<IReadOnlyList<(UploadInProgress Upload, string NodeId)>> ListAsync(CancellationToken cancellationToken)
    {
        var root = options.Value.DataDirectory;
        var uploads = new List<(UploadInProgress, string)>();
        await foreach (var (name, claim) in ownership.ListAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            if (VirtualPathOfPartial(name) is not { } path)
            {
                continue;
            }

            var file = new FileInfo(Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar)));
            var upload = new UploadInProgress(
                claim.SessionId,
                claim.Site,
                claim.Protocol,
                claim.Account,
                !TransferId.IsValid(claim.Account),
                claim.ClientAddress,
                path,
                file.Exists ? file.Length : 0,
                claim.StartedUtc);
            uploads.Add((upload, claim.NodeId));
        }

        return [.. uploads.OrderBy(entry => entry.Item1.StartedUtc)];
    }

    /// <summary>"/toibm/aix/x.zip" for the partial file "uploads/toibm/aix/.partial/&lt;key&gt;/x.zip"; null for a claim's other names.</summary>
    private static string? VirtualPathOfPartial(string name)
    {
        var parts = name.Split('/');
        var partial = Array.IndexOf(parts, StorageLayout.PartialFolder);
        return partial >= 2 && parts.Length == partial + 3 && parts[partial - 2] == "toibm"
            ? $"/toibm/{parts[partial - 1]}/{parts[^1]}"
            : null;
    }
}
