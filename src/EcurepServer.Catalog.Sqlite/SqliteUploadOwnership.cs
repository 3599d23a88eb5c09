using System.Runtime.CompilerServices;
using EcurepServer.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// Upload claims as rows of <c>upload_claims</c>, one per name. A claim takes a name that is free or whose lease
/// expired (an upsert that only overwrites an expired row), all names of an upload in one write transaction, so two
/// processes on the same file never both hold a name.
/// </summary>
internal sealed class SqliteUploadOwnership(SqliteCatalogDatabase database) : IUploadOwnership
{
    public ValueTask<bool> TryClaimAsync(IReadOnlyList<string> names, UploadClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(claim);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var name in names)
        {
            if (Claim(connection, transaction, name, claim, now) == 0)
            {
                transaction.Rollback();
                return ValueTask.FromResult(false);
            }
        }

        transaction.Commit();
        return ValueTask.FromResult(true);
    }

    public ValueTask ReleaseAsync(IReadOnlyList<string> names, string claimId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        database.Write((connection, transaction) =>
        {
            foreach (var name in names)
            {
                connection.Execute("DELETE FROM upload_claims WHERE name = $name AND claim_id = $claim", transaction, ("$name", name), ("$claim", claimId));
            }

            return names.Count;
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> IsClaimedAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return ValueTask.FromResult(connection.Scalar(
            "SELECT count(*) FROM upload_claims WHERE name = $name AND expires_ticks > $now",
            null,
            ("$name", name),
            ("$now", now.UtcTicks)) > 0);
    }

    public ValueTask<int> RenewAsync(string nodeId, DateTimeOffset expiresUtc, CancellationToken cancellationToken) =>
        ValueTask.FromResult(database.Write((connection, transaction) => connection.Execute(
            "UPDATE upload_claims SET expires_ticks = $expires WHERE node_id = $node",
            transaction,
            ("$expires", expiresUtc.UtcTicks),
            ("$node", nodeId))));

    public async IAsyncEnumerable<(string Name, UploadClaim Claim)> ListAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.Command(
            """
            SELECT name, claim_id, node_id, session_id, account, site, protocol, client_address, started_ticks, expires_ticks
            FROM upload_claims WHERE expires_ticks > $now ORDER BY started_ticks, name
            """,
            null,
            ("$now", now.UtcTicks));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (reader.GetString(0), new UploadClaim(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                SqliteCommands.ToTime(reader.GetInt64(8)),
                SqliteCommands.ToTime(reader.GetInt64(9))));
        }
    }

    /// <summary>1 when the name is now this claim's (free, expired, or its own already), 0 when another live claim holds it.</summary>
    private static int Claim(SqliteConnection connection, SqliteTransaction transaction, string name, UploadClaim claim, DateTimeOffset now) =>
        connection.Execute(
            """
            INSERT INTO upload_claims (name, claim_id, node_id, session_id, account, site, protocol, client_address, started_ticks, expires_ticks)
            VALUES ($name, $claim, $node, $session, $account, $site, $protocol, $client, $started, $expires)
            ON CONFLICT (name) DO UPDATE SET
                claim_id = excluded.claim_id, node_id = excluded.node_id, session_id = excluded.session_id,
                account = excluded.account, site = excluded.site, protocol = excluded.protocol,
                client_address = excluded.client_address, started_ticks = excluded.started_ticks, expires_ticks = excluded.expires_ticks
            WHERE upload_claims.expires_ticks <= $now OR upload_claims.claim_id = excluded.claim_id
            """,
            transaction,
            ("$name", name),
            ("$claim", claim.ClaimId),
            ("$node", claim.NodeId),
            ("$session", claim.SessionId),
            ("$account", claim.Account),
            ("$site", claim.Site),
            ("$protocol", claim.Protocol),
            ("$client", claim.ClientAddress),
            ("$started", claim.StartedUtc.UtcTicks),
            ("$expires", claim.ExpiresUtc.UtcTicks),
            ("$now", now.UtcTicks));
}
