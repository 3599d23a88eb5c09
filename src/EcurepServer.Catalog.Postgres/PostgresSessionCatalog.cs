using EcurepServer.Core.Catalog;

namespace EcurepServer.Catalog.Postgres;

/// <summary>The sessions connected to each node in PostgreSQL: one row per session, each a lease its node renews with every publication.</summary>
public sealed class PostgresSessionCatalog(PostgresCatalogDatabase database) : ISessionCatalog
{
    public async ValueTask PublishAsync(
        string nodeId, IReadOnlyList<ConnectedSession> changed, IReadOnlyList<string> ended, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(ended);
        await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                await using (var delete = PostgresCatalogDatabase.Command(
                    connection, transaction, "delete from connected_sessions where session_id = any(@ids) and node_id = @node", ("ids", ended.ToArray()), ("node", nodeId)))
                {
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var session in changed)
                {
                    await using var upsert = PostgresCatalogDatabase.Command(
                        connection,
                        transaction,
                        """
                        insert into connected_sessions (session_id, node_id, site, protocol, client_address, account, anonymous, started_utc, expires_utc)
                        values (@id, @node, @site, @protocol, @client, @account, @anonymous, @started, @expires)
                        on conflict (session_id) do update set node_id = excluded.node_id, site = excluded.site, protocol = excluded.protocol,
                            client_address = excluded.client_address, account = excluded.account, anonymous = excluded.anonymous,
                            started_utc = excluded.started_utc, expires_utc = excluded.expires_utc
                        """,
                        ("id", session.SessionId),
                        ("node", nodeId),
                        ("site", session.Site),
                        ("protocol", session.Protocol),
                        ("client", session.ClientAddress),
                        ("account", session.Account),
                        ("anonymous", session.Anonymous),
                        ("started", session.StartedUtc.ToUniversalTime()),
                        ("expires", expiresUtc.ToUniversalTime()));
                    await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var renew = PostgresCatalogDatabase.Command(
                    connection, transaction, "update connected_sessions set expires_utc = @expires where node_id = @node", ("expires", expiresUtc.ToUniversalTime()), ("node", nodeId)))
                {
                    await renew.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using var expired = PostgresCatalogDatabase.Command(connection, transaction, "delete from connected_sessions where expires_utc <= @now", ("now", now.ToUniversalTime()));
                return await expired.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ConnectedSession>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(
            connection,
            null,
            """
            select session_id, node_id, site, protocol, client_address, account, anonymous, started_utc
            from connected_sessions where expires_utc > @now order by started_utc, session_id
            """,
            ("now", now.ToUniversalTime()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<ConnectedSession>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(new ConnectedSession(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetBoolean(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return sessions;
    }

    public async ValueTask RemoveNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, "delete from connected_sessions where node_id = @node", ("node", nodeId));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
