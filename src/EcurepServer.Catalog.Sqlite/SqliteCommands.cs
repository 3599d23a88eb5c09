using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>Short forms for the catalog's statements: every value goes in as a parameter, never into the SQL text.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(this SqliteConnection connection, string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    public static long Scalar(this SqliteConnection connection, string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, transaction, parameters);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    /// <summary>The change stamp <paramref name="name"/> of <c>catalog_stamps</c>: 0 before its first change.</summary>
    public static long ReadStamp(this SqliteConnection connection, string name) =>
        connection.Scalar("SELECT stamp FROM catalog_stamps WHERE name = $name", null, ("$name", name));

    /// <summary>Counts the change stamp <paramref name="name"/> up in <paramref name="transaction"/>; returns its new value.</summary>
    public static long BumpStamp(this SqliteConnection connection, string name, SqliteTransaction transaction) =>
        connection.Scalar(
            "INSERT INTO catalog_stamps (name, stamp) VALUES ($name, 1) ON CONFLICT (name) DO UPDATE SET stamp = stamp + 1 RETURNING stamp",
            transaction,
            ("$name", name));

    public static DateTimeOffset ToTime(long ticks) => new(ticks, TimeSpan.Zero);
}
