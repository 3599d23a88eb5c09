using EcurepServer.Core.Catalog;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>The sessions connected to each node as rows of <c>connected_sessions</c>, one per session, each a lease its node renews.</summary>
internal sealed class SqliteSessionCatalog(SqliteCatalogDatabase database) : ISessionCatalog
{
    public ValueTask PublishAsync(
        string nodeId, IReadOnlyList<ConnectedSession> changed, IReadOnlyList<string> ended, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(ended);
        database.Write((connection, transaction) =>
        {
            foreach (var id in ended)
            {
                connection.Execute("DELETE FROM connected_sessions WHERE session_id = $id AND node_id = $node", transaction, ("$id", id), ("$node", nodeId));
            }

            foreach (var session in changed)
            {
                connection.Execute(
                    """
                    INSERT INTO connected_sessions (session_id, node_id, site, protocol, client_address, account, anonymous, started_ticks, expires_ticks)
                    VALUES ($id, $node, $site, $protocol, $client, $account, $anonymous, $started, $expires)
                    ON CONFLICT (session_id) DO UPDATE SET node_id = excluded.node_id, site = excluded.site, protocol = excluded.protocol,
                        client_address = excluded.client_address, account = excluded.account, anonymous = excluded.anonymous,
                        started_ticks = excluded.started_ticks, expires_ticks = excluded.expires_ticks
                    """,
                    transaction,
                    ("$id", session.SessionId),
                    ("$node", nodeId),
                    ("$site", session.Site),
                    ("$protocol", session.Protocol),
                    ("$client", session.ClientAddress),
                    ("$account", session.Account),
                    ("$anonymous", session.Anonymous ? 1 : 0),
                    ("$started", session.StartedUtc.UtcTicks),
                    ("$expires", expiresUtc.UtcTicks));
            }

            connection.Execute("UPDATE connected_sessions SET expires_ticks = $expires WHERE node_id = $node", transaction, ("$expires", expiresUtc.UtcTicks), ("$node", nodeId));
            return connection.Execute("DELETE FROM connected_sessions WHERE expires_ticks <= $now", transaction, ("$now", now.UtcTicks));
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<ConnectedSession>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            """
            SELECT session_id, node_id, site, protocol, client_address, account, anonymous, started_ticks
            FROM connected_sessions WHERE expires_ticks > $now ORDER BY started_ticks, session_id
            """,
            null,
            ("$now", now.UtcTicks));
        using var reader = command.ExecuteReader();
        var sessions = new List<ConnectedSession>();
        while (reader.Read())
        {
            sessions.Add(new ConnectedSession(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt64(6) != 0,
                SqliteCommands.ToTime(reader.GetInt64(7))));
        }

        return ValueTask.FromResult<IReadOnlyList<ConnectedSession>>(sessions);
    }

    public ValueTask RemoveNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        database.Write((connection, transaction) => connection.Execute("DELETE FROM connected_sessions WHERE node_id = $node", transaction, ("$node", nodeId)));
        return ValueTask.CompletedTask;
    }
}
