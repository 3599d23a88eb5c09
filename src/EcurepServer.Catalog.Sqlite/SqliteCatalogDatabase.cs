using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// The catalog file and how every connection to it is set up: WAL, so readers (the CLI, the management API) never
/// wait for a writer; <c>synchronous=FULL</c>, so a commit is on disk (the WAL fsynced) when it returns, which is what
/// lets a 226 or CLOSE OK follow it; a busy timeout, so writers of several processes on one file take turns.
/// </summary>
internal sealed class SqliteCatalogDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;

    public SqliteCatalogDatabase(string path, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _busyTimeoutMilliseconds = (int)Math.Ceiling(busyTimeout.TotalMilliseconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>
    /// A connection set up as described above. Microsoft.Data.Sqlite does its I/O synchronously whichever method is
    /// called, so the catalog calls the synchronous ones and says so, rather than pretend.
    /// </summary>
    public SqliteConnection Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE: the write lock is taken at once, so two writers never deadlock on an upgrade) and commits it.</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }
}
