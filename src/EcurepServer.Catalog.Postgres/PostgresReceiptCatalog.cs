using System.Runtime.CompilerServices;
using System.Text;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using Npgsql;

namespace EcurepServer.Catalog.Postgres;

/// <summary>Receipts and their deletion marks in PostgreSQL, in delivery order (an identity column), every filter on an index.</summary>
public sealed class PostgresReceiptCatalog(PostgresCatalogDatabase database) : IReceiptCatalog
{
    private const string Columns = """
        path, size, sha256, account, anonymous, site, protocol, client_address, session_id, started_utc, completed_utc,
        route_kind, route_case, route_pmr, stored_path, deleted_utc, already_gone
        """;

    public event Action? Appended;

    public async ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await InsertAsync(connection, null, receipt, cancellationToken).ConfigureAwait(false);
        }

        Appended?.Invoke();
    }

    public async IAsyncEnumerable<Receipt> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in QueryAsync(new UploadQuery(), cancellationToken).ConfigureAwait(false))
        {
            yield return entry.Receipt;
        }
    }

    public async IAsyncEnumerable<ReceiptEntry> QueryAsync(UploadQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new StringBuilder("true");
        var parameters = new List<(string, object?)>();
        void Add(string condition, string name, object value)
        {
            where.Append(" and ").Append(condition);
            parameters.Add((name, value));
        }

        if (query.Since is { } since)
        {
            Add("completed_utc >= @since", "since", since.ToUniversalTime());
        }

        if (query.Account is { } account)
        {
            if (TransferId.IsAnonymousName(account))
            {
                Add("(anonymous or lower(account) = lower(@account))", "account", account);
            }
            else
            {
                Add("lower(account) = lower(@account)", "account", account);
            }
        }

        if (query.Site is { } site)
        {
            Add("lower(site) = lower(@site)", "site", site);
        }

        if (query.Case is { } caseNumber)
        {
            Add("case_key = @case", "case", caseNumber);
        }

        if (query.Pmr is { } pmr)
        {
            Add("pmr_key = @pmr", "pmr", pmr);
        }

        if (query.Lost)
        {
            where.Append(" and case_key is null and pmr_key is null");
        }

        if (query.Session is { } session)
        {
            Add("session_id = @session", "session", session);
        }

        if (query.Name is { } name)
        {
            Add("name = @name", "name", name);
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var sql = $"select {Columns} from receipts where {where} order by seq";
        if (query.Last is { } last)
        {
            // The newest rows by the primary key, then back into delivery order.
            sql = $"select {Columns} from (select seq, {Columns} from receipts where {where} order by seq desc limit @last) newest order by seq";
            parameters.Add(("last", Math.Max(0, last)));
        }

        await using var command = PostgresCatalogDatabase.Command(connection, null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Entry(reader);
        }
    }

    public async ValueTask<ReceiptEntry?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, $"select {Columns} from receipts where id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Entry(reader) : null;
    }

    public async ValueTask MarkDeletedAsync(ReceiptDeletion deletion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await MarkAsync(connection, null, deletion, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> PurgeDeletedAsync(DateTimeOffset deletedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, "delete from receipts where deleted_utc < @before", ("before", deletedBefore.ToUniversalTime()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> DeleteAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, "delete from receipts");
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts <paramref name="receipt"/> unless a receipt with its id is there already.</summary>
    internal static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Receipt receipt, CancellationToken cancellationToken)
    {
        var route = FileNameRouter.RouteOf(receipt);
        await using var command = PostgresCatalogDatabase.Command(
            connection,
            transaction,
            """
            insert into receipts (id, path, size, sha256, account, anonymous, site, protocol, client_address, session_id,
                started_utc, completed_utc, route_kind, route_case, route_pmr, stored_path, case_key, pmr_key, name)
            values (@id, @path, @size, @sha256, @account, @anonymous, @site, @protocol, @client, @session,
                @started, @completed, @kind, @routeCase, @routePmr, @stored, @caseKey, @pmrKey, @name)
            on conflict (id) do nothing
            """,
            ("id", UploadCatalog.IdOf(receipt)),
            ("path", receipt.Path),
            ("size", receipt.Size),
            ("sha256", receipt.Sha256),
            ("account", receipt.Account),
            ("anonymous", receipt.Anonymous),
            ("site", receipt.Site),
            ("protocol", receipt.Protocol),
            ("client", receipt.ClientAddress),
            ("session", receipt.SessionId),
            ("started", receipt.StartedUtc.ToUniversalTime()),
            ("completed", receipt.CompletedUtc.ToUniversalTime()),
            ("kind", receipt.Route?.Kind.ToString()),
            ("routeCase", receipt.Route?.Case),
            ("routePmr", receipt.Route?.Pmr),
            ("stored", receipt.StoredPath),
            ("caseKey", route.Kind == RouteKind.Case ? route.Case : null),
            ("pmrKey", route.Kind == RouteKind.Pmr ? route.Pmr : null),
            ("name", receipt.Path[(receipt.Path.LastIndexOf('/') + 1)..]));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the receipt <paramref name="deletion"/> names; one already marked keeps its first mark.</summary>
    internal static async Task MarkAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ReceiptDeletion deletion, CancellationToken cancellationToken)
    {
        await using var command = PostgresCatalogDatabase.Command(
            connection,
            transaction,
            """
            update receipts set deleted_utc = @deleted, already_gone = @gone
            where path = @path and completed_utc = @completed and lower(sha256) = lower(@sha256) and deleted_utc is null
            """,
            ("deleted", deletion.DeletedUtc.ToUniversalTime()),
            ("gone", deletion.AlreadyGone),
            ("path", deletion.Path),
            ("completed", deletion.CompletedUtc.ToUniversalTime()),
            ("sha256", deletion.Sha256));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ReceiptEntry Entry(NpgsqlDataReader reader)
    {
        var kind = reader.IsDBNull(11) ? (RouteKind?)null : Enum.Parse<RouteKind>(reader.GetString(11));
        var receipt = new Receipt(
            reader.GetString(0),
            reader.GetInt64(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetBoolean(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7),
            reader.GetString(8),
            reader.GetFieldValue<DateTimeOffset>(9),
            reader.GetFieldValue<DateTimeOffset>(10),
            kind is { } routeKind ? new Route(routeKind, Text(reader, 12), Text(reader, 13)) : null,
            Text(reader, 14));
        var deletion = reader.IsDBNull(15)
            ? null
            : new ReceiptDeletion(receipt.Path, receipt.CompletedUtc, receipt.Sha256, reader.GetFieldValue<DateTimeOffset>(15), !reader.IsDBNull(16) && reader.GetBoolean(16));
        return new ReceiptEntry(receipt, FileNameRouter.RouteOf(receipt), deletion);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
