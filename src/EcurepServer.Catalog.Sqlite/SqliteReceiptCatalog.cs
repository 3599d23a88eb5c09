using System.Runtime.CompilerServices;
using System.Text;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// Receipts as rows of <c>receipts</c>: the receipt's JSON line as it is (<c>body</c>), and beside it the columns
/// the filters of <c>uploads list</c> select by, each with an index; a deletion mark is two columns of its row.
/// </summary>
internal sealed class SqliteReceiptCatalog(SqliteCatalogDatabase database) : IReceiptCatalog
{
    private const string Columns = "body, deleted_ticks, already_gone";

    public event Action? Appended;

    public ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);

        // Committed with synchronous=FULL in WAL: on disk before the delivery is acknowledged.
        database.Write((connection, transaction) => Insert(connection, transaction, receipt));
        Appended?.Invoke();
        return ValueTask.CompletedTask;
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
        await using var connection = database.Open();
        await using var command = Select(connection, query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Entry(reader);
        }
    }

    public ValueTask<ReceiptEntry?> FindAsync(string id, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {Columns} FROM receipts WHERE id = $id", null, ("$id", id));
        using var reader = command.ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? Entry(reader) : null);
    }

    public ValueTask MarkDeletedAsync(ReceiptDeletion deletion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        database.Write((connection, transaction) => Mark(connection, transaction, deletion));
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> PurgeDeletedAsync(DateTimeOffset deletedBefore, CancellationToken cancellationToken) =>
        ValueTask.FromResult(database.Write((connection, transaction) =>
            connection.Execute("DELETE FROM receipts WHERE deleted_ticks < $before", transaction, ("$before", deletedBefore.UtcTicks))));

    public ValueTask<int> DeleteAllAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(database.Write((connection, transaction) => connection.Execute("DELETE FROM receipts", transaction)));

    /// <summary>Adds the receipt; one with the same id is kept as it is (an import run twice adds nothing).</summary>
    internal static int Insert(SqliteConnection connection, SqliteTransaction transaction, Receipt receipt)
    {
        var route = FileNameRouter.RouteOf(receipt);
        return connection.Execute(
            """
            INSERT INTO receipts (id, completed_ticks, path, name, sha256, account, anonymous, site, session_id, route_kind, route_key, body)
            VALUES ($id, $completed, $path, $name, $sha256, $account, $anonymous, $site, $session, $kind, $key, $body)
            ON CONFLICT (id) DO NOTHING
            """,
            transaction,
            ("$id", UploadCatalog.IdOf(receipt)),
            ("$completed", receipt.CompletedUtc.UtcTicks),
            ("$path", receipt.Path),
            ("$name", NameOf(receipt.Path)),
            ("$sha256", receipt.Sha256.ToLowerInvariant()),
            ("$account", receipt.Account),
            ("$anonymous", receipt.Anonymous ? 1 : 0),
            ("$site", receipt.Site),
            ("$session", receipt.SessionId),
            ("$kind", KindOf(route.Kind)),
            ("$key", route.Case ?? route.Pmr),
            ("$body", ReceiptJson.Serialize(receipt)));
    }

    /// <summary>Marks the receipt the deletion names; a receipt marked before keeps its first mark.</summary>
    internal static int Mark(SqliteConnection connection, SqliteTransaction transaction, ReceiptDeletion deletion) =>
        connection.Execute(
            """
            UPDATE receipts SET deleted_ticks = $deleted, already_gone = $gone
            WHERE path = $path AND completed_ticks = $completed AND sha256 = $sha256 AND deleted_ticks IS NULL
            """,
            transaction,
            ("$deleted", deletion.DeletedUtc.UtcTicks),
            ("$gone", deletion.AlreadyGone ? 1 : 0),
            ("$path", deletion.Path),
            ("$completed", deletion.CompletedUtc.UtcTicks),
            ("$sha256", deletion.Sha256.ToLowerInvariant()));

    /// <summary>The statement that answers <paramref name="query"/>; every filter has its index (see the tests' query plans).</summary>
    internal static SqliteCommand Select(SqliteConnection connection, UploadQuery query)
    {
        var sql = new StringBuilder("FROM receipts WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        void Where(string condition, string name, object? value)
        {
            sql.Append(" AND ").Append(condition);
            parameters.Add((name, value));
        }

        if (query.Since is { } since)
        {
            Where("completed_ticks >= $since", "$since", since.UtcTicks);
        }

        if (query.Case is not null)
        {
            Where("route_kind = 'case' AND route_key = $case", "$case", query.Case);
        }

        if (query.Pmr is not null)
        {
            Where("route_kind = 'pmr' AND route_key = $pmr", "$pmr", query.Pmr);
        }

        if (query.Lost)
        {
            sql.Append(" AND route_kind = 'lost'");
        }

        if (query.Account is not null)
        {
            Where(TransferId.IsAnonymousName(query.Account) ? "(account = $account OR anonymous = 1)" : "account = $account", "$account", query.Account);
        }

        if (query.Site is not null)
        {
            Where("site = $site", "$site", query.Site);
        }

        if (query.Session is not null)
        {
            Where("session_id = $session", "$session", query.Session);
        }

        if (query.Name is not null)
        {
            Where("name = $name", "$name", query.Name);
        }

        // Delivery order is the primary key's; given only a time, SQLite would rather read the whole table in that
        // order than sort what the time index finds, which "+seq" (an expression, not the key) rules out.
        var order = query.Since is null ? "seq" : "+seq";
        if (query.Last is { } last)
        {
            // The newest rows, then back into delivery order.
            sql.Insert(0, $"SELECT {Columns} FROM (SELECT seq, {Columns} ").Append($" ORDER BY {order} DESC LIMIT $last) ORDER BY seq");
            parameters.Add(("$last", Math.Max(0, last)));
        }
        else
        {
            sql.Insert(0, $"SELECT {Columns} ").Append($" ORDER BY {order}");
        }

        return connection.Command(sql.ToString(), null, [.. parameters]);
    }

    private static ReceiptEntry Entry(SqliteDataReader reader)
    {
        var receipt = ReceiptJson.Deserialize(reader.GetString(0));
        var deletion = reader.IsDBNull(1)
            ? null
            : ReceiptDeletion.Of(receipt, SqliteCommands.ToTime(reader.GetInt64(1)), reader.GetInt64(2) != 0);
        return new ReceiptEntry(receipt, FileNameRouter.RouteOf(receipt), deletion);
    }

    private static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string KindOf(RouteKind kind) => kind switch
    {
        RouteKind.Case => "case",
        RouteKind.Pmr => "pmr",
        _ => "lost",
    };
}
