using Npgsql;

namespace EcurepServer.Catalog.Postgres;

/// <summary>The catalog's PostgreSQL database: one pooled data source shared by the provider's stores.</summary>
public sealed class PostgresCatalogDatabase : IAsyncDisposable, IDisposable
{
    private const string ReadStampSql = "select stamp from stamps where area = @area";
    private const string BumpStampSql = "update stamps set stamp = stamp + 1 where area = @area returning stamp";

    public PostgresCatalogDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        DataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Host, port and database, never the password.</summary>
    public string Location { get; }

    internal NpgsqlDataSource DataSource { get; }

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it; a failure rolls everything back.</summary>
    internal async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The change stamp of <paramref name="area"/> in <c>stamps</c>, read on a connection of its own.</summary>
    internal long ReadStamp(string area)
    {
        using var connection = DataSource.OpenConnection();
        using var command = Command(connection, null, ReadStampSql, ("area", area));
        return (long)command.ExecuteScalar()!;
    }

    /// <inheritdoc cref="ReadStamp"/>
    internal async Task<long> ReadStampAsync(string area, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, ReadStampSql, ("area", area));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Counts the stamp of <paramref name="area"/> up in <paramref name="transaction"/> and returns its new value; its row
    /// stays locked until the transaction ends, so two nodes changing one area apply one after the other.
    /// </summary>
    internal static long BumpStamp(NpgsqlConnection connection, NpgsqlTransaction transaction, string area)
    {
        using var command = Command(connection, transaction, BumpStampSql, ("area", area));
        return (long)command.ExecuteScalar()!;
    }

    /// <inheritdoc cref="BumpStamp"/>
    internal static async Task<long> BumpStampAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string area, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, BumpStampSql, ("area", area));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
