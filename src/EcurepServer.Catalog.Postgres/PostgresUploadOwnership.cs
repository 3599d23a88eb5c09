using System.Runtime.CompilerServices;
using EcurepServer.Core.Catalog;
using Npgsql;

namespace EcurepServer.Catalog.Postgres;

/// <summary>
/// Upload claims in PostgreSQL: one row per name, so the primary key keeps two live claims off one name. A claim is
/// taken in one transaction for all its names: rows are locked (or inserted) in name order, so two nodes claiming
/// overlapping names wait for each other instead of deadlocking, and an expired claim is overwritten.
/// </summary>
public sealed class PostgresUploadOwnership(PostgresCatalogDatabase database) : IUploadOwnership
{
    public async ValueTask<bool> TryClaimAsync(IReadOnlyList<string> names, UploadClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // Inserts the claim, or takes over the name when its claim expired or is this one; no row: held by another.
            await using var command = PostgresCatalogDatabase.Command(
                connection,
                transaction,
                """
                insert into upload_claims (name, claim_id, node_id, session_id, account, site, protocol, client_address, started_utc, expires_utc)
                values (@name, @claim, @node, @session, @account, @site, @protocol, @client, @started, @expires)
                on conflict (name) do update set
                    claim_id = excluded.claim_id, node_id = excluded.node_id, session_id = excluded.session_id,
                    account = excluded.account, site = excluded.site, protocol = excluded.protocol,
                    client_address = excluded.client_address, started_utc = excluded.started_utc, expires_utc = excluded.expires_utc
                where upload_claims.expires_utc <= @now or upload_claims.claim_id = excluded.claim_id
                """,
                ("name", name),
                ("claim", claim.ClaimId),
                ("node", claim.NodeId),
                ("session", claim.SessionId),
                ("account", claim.Account),
                ("site", claim.Site),
                ("protocol", claim.Protocol),
                ("client", claim.ClientAddress),
                ("started", claim.StartedUtc.ToUniversalTime()),
                ("expires", claim.ExpiresUtc.ToUniversalTime()),
                ("now", now.ToUniversalTime()));
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask ReleaseAsync(IReadOnlyList<string> names, string claimId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(
            connection, null, "delete from upload_claims where name = any(@names) and claim_id = @claim", ("names", names.ToArray()), ("claim", claimId));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> IsClaimedAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(
            connection, null, "select count(*) from upload_claims where name = @name and expires_utc > @now", ("name", name), ("now", now.ToUniversalTime()));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }

    public async ValueTask<int> RenewAsync(string nodeId, DateTimeOffset expiresUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(
            connection, null, "update upload_claims set expires_utc = @expires where node_id = @node", ("expires", expiresUtc.ToUniversalTime()), ("node", nodeId));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<(string Name, UploadClaim Claim)> ListAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(
            connection,
            null,
            """
            select name, claim_id, node_id, session_id, account, site, protocol, client_address, started_utc, expires_utc
            from upload_claims where expires_utc > @now order by started_utc, name
            """,
            ("now", now.ToUniversalTime()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (reader.GetString(0), Claim(reader));
        }
    }

    private static UploadClaim Claim(NpgsqlDataReader reader) => new(
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetFieldValue<DateTimeOffset>(9));
}
