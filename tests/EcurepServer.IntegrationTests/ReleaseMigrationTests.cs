using System.Globalization;
using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// A data directory and accounts file as the release before the catalog wrote them, started with the catalog: every
/// account logs in (curl FTPS, OpenSSH sftp with its key), every receipt is listed, the files stay as read-only
/// backups; accounts the CLI changes while servers run apply at once, on one node and on two sharing PostgreSQL.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReleaseMigrationTests
{
    private const string Password = "release-password-1";
    private static readonly string[] PasswordAccounts = ["E-RELEASE001a", "E-RELEASE002b", "E-RELEASE003c"];
    private static readonly DateTimeOffset Created = DateTimeOffset.Parse("2026-06-01T08:00:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_current_release_data_directory_keeps_every_account_and_receipt()
    {
        await using var server = ServerProcess.Create();
        var key = Path.Combine(server.Root, "id_ed25519");
        var keygen = await ExternalProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "keyed@release", "-f", key], server.Root);
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        const string Keyed = "E-RELEASEKEY1";
        await WriteAccountsFileAsync(
            Path.Combine(server.Root, "config", "accounts.json"),
            [.. PasswordAccounts.Select(id => (id, (string?)null, (long?)null)), (Keyed, (await File.ReadAllTextAsync(key + ".pub")).Trim(), 1_000_000L)]);
        var receipts = await WriteReceiptsAsync(server.DataDirectory);

        await server.StartAsync();

        var upload = Path.Combine(server.Root, "TS012345678_after.txt");
        await File.WriteAllTextAsync(upload, "after the migration\n");
        foreach (var id in PasswordAccounts)
        {
            var curl = await FtpsCurl.UploadAsync(server.ControlEndPoint, id, Password, upload, $"toibm/aix/{id}.txt");
            Assert.True(curl.ExitCode == 0, curl.ToString());
        }

        var sftp = await KeySftpAsync(await server.ListeningEndPointAsync("Europe", "sftp"), Keyed, key, server.Root, $"put {upload} toibm/linux/keyed.txt");
        Assert.True(sftp.ExitCode == 0, sftp.ToString());
        var users = await server.CliAsync(null, "users", "list");
        Assert.Equal([.. PasswordAccounts, Keyed], users.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')[0]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("demo Transfer ID", server.Log, StringComparison.Ordinal);

        var listed = (await server.ReceiptsAsync()).Select(receipt => receipt.GetProperty("path").GetString()).ToList();
        Assert.All(receipts, receipt => Assert.Contains(receipt.Path, listed));
        Assert.Equal(receipts.Count + PasswordAccounts.Length + 1, listed.Count);

        var accountsBackup = Path.Combine(server.Root, "config", "accounts.json.imported");
        var receiptsBackup = Path.Combine(server.DataDirectory, "receipts.jsonl.imported");
        Assert.False(File.Exists(Path.Combine(server.Root, "config", "accounts.json")));
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "receipts.jsonl")));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(accountsBackup));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(receiptsBackup));
        Assert.Equal(receipts.Count, (await File.ReadAllLinesAsync(receiptsBackup)).Length);

        // An account added with the CLI while the server runs logs in at once.
        await server.AddAccountAsync("E-ADDEDLATE1a", Password);
        var late = await FtpsCurl.UploadAsync(server.ControlEndPoint, "E-ADDEDLATE1a", Password, upload, "toibm/aix/late.txt");
        Assert.True(late.ExitCode == 0, late.ToString());
    }

    [Fact]
    public async Task An_account_added_changed_or_removed_on_one_node_applies_on_the_other_at_its_next_login()
    {
        await using var postgres = await PostgresCluster.StartAsync();
        await postgres.CreateDatabaseAsync("ecurep");
        string[] shared = ["Catalog:Provider=postgres", $"Catalog:ConnectionString={postgres.ConnectionString("ecurep")}"];
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.StartAsync();
        await using var nodeB = ServerProcess.Create([.. shared, $"DataDirectory={nodeA.DataDirectory}"]);
        await nodeB.StartAsync();
        var file = Path.Combine(nodeB.Root, "TS012345678_node.txt");
        await File.WriteAllTextAsync(file, "from node B\n");
        const string Id = "E-TWONODE001a";
        var n = 0;
        Task<ProcessResult> LoginOnBAsync(string password) =>
            FtpsCurl.UploadAsync(nodeB.ControlEndPoint, Id, password, file, $"toibm/aix/b-{Interlocked.Increment(ref n)}.txt");

        await nodeA.AddAccountAsync(Id, Password);
        var added = await LoginOnBAsync(Password);
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.True((await LoginOnBAsync(Password)).ExitCode == 0);

        var passwd = await nodeA.CliAsync("changed-password-2\n", "users", "passwd", Id, "--password-stdin");
        Assert.True(passwd.ExitCode == 0, passwd.ToString());
        Assert.Equal(FtpsCurl.LoginDenied, (await LoginOnBAsync(Password)).ExitCode);
        Assert.True((await LoginOnBAsync("changed-password-2")).ExitCode == 0);

        var remove = await nodeA.CliAsync(null, "users", "remove", Id);
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal(FtpsCurl.LoginDenied, (await LoginOnBAsync("changed-password-2")).ExitCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(nodeA.Log + "\n" + nodeB.Log, "Created demo Transfer ID"));
    }

    /// <summary>The accounts file as the release before the catalog wrote it (indented, camel case, hashes only).</summary>
    private static async Task WriteAccountsFileAsync(string path, IReadOnlyList<(string Id, string? Key, long? Quota)> accounts)
    {
        var hasher = new PasswordHasher(10_000);
        var entries = accounts.Select(account => new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = account.Id,
            ["passwordHash"] = hasher.Hash(Password),
            ["created"] = Created,
            ["authorizedKeys"] = account.Key is { } key ? new System.Text.Json.Nodes.JsonArray(key) : new System.Text.Json.Nodes.JsonArray(),
            ["quotaBytesPerDay"] = account.Quota,
        });
        var document = new System.Text.Json.Nodes.JsonObject { ["accounts"] = new System.Text.Json.Nodes.JsonArray([.. entries]) };
        await File.WriteAllTextAsync(path, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>receipts.jsonl as the release before the catalog appended it: receipts of every site, both protocols, anonymous ones too.</summary>
    private static async Task<IReadOnlyList<Receipt>> WriteReceiptsAsync(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var receipts = new List<Receipt>();
        using var store = new JsonLinesReceiptStore(Path.Combine(dataDirectory, "receipts.jsonl"));
        for (var i = 0; i < 12; i++)
        {
            var site = ServerProcess.Sites[i % ServerProcess.Sites.Count];
            var account = i % 4 == 3 ? "anonymous" : PasswordAccounts[i % PasswordAccounts.Length];
            var name = $"TS00000{i:D4}_release.zip";
            var receipt = new Receipt(
                $"/toibm/aix/{name}", 100 + i, new string('b', 64), account, account == "anonymous", site, i % 2 == 0 ? "ftps" : "sftp",
                "192.0.2.10", $"s-{i}", Created.AddMinutes(i), Created.AddMinutes(i).AddSeconds(5), FileNameRouter.Classify(name), null);
            await store.AppendAsync(receipt, CancellationToken.None);
            receipts.Add(receipt);
        }

        return receipts;
    }

    private static Task<ProcessResult> KeySftpAsync(IPEndPoint endPoint, string user, string key, string directory, string command) =>
        ExternalProcess.RunAsync(
            "sftp",
            [
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey", "-i", key,
                "-P", endPoint.Port.ToString(CultureInfo.InvariantCulture), "-b", "-", $"{user}@{endPoint.Address}",
            ],
            directory,
            command + "\n");
}
