using System.Globalization;
using System.Net;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's postgresql package: initdb and pg_ctl in a temporary directory, on a
/// loopback port, as an unprivileged user (Debian's "postgres" when the tests run as root, which initdb refuses to
/// be), trust authentication for its one role, no fsync; stopped and deleted on dispose.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string User = "ecurep";

    private readonly string _directory;
    private readonly string _bin;

    private PostgresCluster(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>An Npgsql connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={User};Database={database};Pooling=true";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(path => Path.Combine(path, "bin"))
            .Where(path => File.Exists(Path.Combine(path, "initdb")))
            .OrderByDescending(path => int.TryParse(Path.GetFileName(Path.GetDirectoryName(path)), CultureInfo.InvariantCulture, out var version) ? version : 0)
            .FirstOrDefault() ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql (scripts/install-test-deps.sh installs them).");
        var directory = Directory.CreateTempSubdirectory("ecurep-pg-").FullName;
        var cluster = new PostgresCluster(directory, bin, FreePort.On(IPAddress.Loopback));
        try
        {
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", "postgres:postgres", directory);
            }

            await cluster.AsUserAsync("initdb", "-D", cluster.DataDirectory, "-U", User, "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C");
            await cluster.AsUserAsync(
                "pg_ctl", "-D", cluster.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                "-o", $"-c listen_addresses=127.0.0.1 -p {cluster.Port.ToString(CultureInfo.InvariantCulture)} -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Creates an empty database owned by <see cref="User"/>.</summary>
    public async Task CreateDatabaseAsync(string name) =>
        await RunAsync(Path.Combine(_bin, "createdb"), "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, name);

    /// <summary>Runs one SQL statement with psql and gives its unaligned, tuples-only output.</summary>
    public async Task<string> QueryAsync(string database, string sql) =>
        (await RunAsync("psql", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1", "-Atc", sql)).Output.Trim();

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await AsUserAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }

        Directory.Delete(_directory, recursive: true);
    }

    private Task<ProcessResult> AsUserAsync(string program, params string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            : RunAsync(Path.Combine(_bin, program), arguments);

    private static async Task<ProcessResult> RunAsync(string program, params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync(program, arguments, timeout: TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result}");
        return result;
    }
}
