namespace EcurepServer.Core.Catalog;

/// <summary>The sessions connected to the other nodes that share the catalog, as they last published them.</summary>
public sealed class SessionsElsewhere(ISessionCatalog catalog, CatalogNode node, TimeProvider time)
{
    public async Task<IReadOnlyList<ConnectedSession>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await catalog.ListAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false)).Where(session => session.NodeId != node.Id)];
}
