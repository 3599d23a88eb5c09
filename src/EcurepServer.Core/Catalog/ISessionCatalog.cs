namespace EcurepServer.Core.Catalog;

/// <summary>
/// The sessions connected to each node, shared by every node. A node publishes its own in batches (<see cref="PublishAsync"/>)
/// rather than one catalog write per connection; its rows are leases it renews with each publication, so the sessions
/// of a node that died drop out of the list once their lease ran out.
/// </summary>
public interface ISessionCatalog
{
    /// <summary>
    /// Adds or updates <paramref name="changed"/> and removes the sessions <paramref name="ended"/> of
    /// <paramref name="nodeId"/>, extends the lease of each of its sessions to <paramref name="expiresUtc"/>, and
    /// forgets the sessions of any node whose lease ran out at <paramref name="now"/>; all in one transaction.
    /// </summary>
    ValueTask PublishAsync(
        string nodeId, IReadOnlyList<ConnectedSession> changed, IReadOnlyList<string> ended, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken);

    /// <summary>Every session whose lease has not run out at <paramref name="now"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<ConnectedSession>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes every session of <paramref name="nodeId"/> (the node stops).</summary>
    ValueTask RemoveNodeAsync(string nodeId, CancellationToken cancellationToken);
}
