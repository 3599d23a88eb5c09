using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The quota attack (one anonymous client filling the disk): anonymous clients that upload until they are refused
/// leave a Transfer ID able to upload, and a Transfer ID over its own quota leaves another Transfer ID able to upload.
/// Real clients from one address: curl over FTPS (552), OpenSSH sftp and paramiko (failure with the text, df).
/// </summary>
public sealed class QuotaAttackTests()
    : ServerTestBase($"DropBox:Quota:AnonymousBytesPerDay={AnonymousQuota}", $"DropBox:Quota:AccountBytesPerDay={AccountQuota}")
{
    private const long AnonymousQuota = 4_000_000;
    private const long AccountQuota = 5_000_000;
    private const int FileBytes = 3_000_000;
    private const string First = "E-QUOTA0001a";
    private const string Second = "E-QUOTA0002b";
    private const string Password = "quota-password-1";

    private const string AnonymousRefusal =
        "Upload quota exceeded: anonymous users together may upload 4000000 bytes a day (UTC) and have 0 left today;";

    private const string FirstRefusal = "Upload quota exceeded: E-QUOTA0001a may upload 5000000 bytes a day (UTC) and has 0 left today;";

    private string Source => Path.Combine(Server.Root, "source.bin");

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(First, Password), (Second, Password)];

    protected override Task PrepareAsync() => File.WriteAllBytesAsync(Source, RandomNumberGenerator.GetBytes(FileBytes));

    [Fact]
    public async Task Curl_ftps_anonymous_uploads_until_552_and_transfer_ids_still_upload()
    {
        Assert.True((await CurlAsync("anonymous", "attacker@example.com", "a1.bin")).ExitCode == 0);

        // The upload that reaches the quota is cut off and not delivered; what fitted is kept for a resume.
        var crossing = await CurlAsync("anonymous", "attacker@example.com", "a2.bin");
        Assert.NotEqual(0, crossing.ExitCode);
        await Server.WaitForLogAsync(Regex.Escape("QuotaExceeded: " + AnonymousRefusal + " /toibm/aix/a2.bin was not delivered"));
        await Server.WaitForLogAsync($"Upload of /toibm/aix/a2.bin ended without commit; kept {AnonymousQuota - FileBytes} bytes for a resume");
        Assert.Equal(AnonymousQuota - FileBytes, Server.PartialBytes("aix", "a2.bin"));

        // Another anonymous identity from the same address shares the quota: 552 before any data moves.
        var refused = await CurlAsync("anonymous", "other@example.com", "a3.bin");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("< 552 " + AnonymousRefusal + " /toibm/aix/a3.bin was not delivered.", refused.Error, StringComparison.Ordinal);

        Assert.True((await CurlAsync(First, Password, "id1.bin")).ExitCode == 0);
        Assert.NotEqual(0, (await CurlAsync(First, Password, "id2.bin")).ExitCode);
        var overQuota = await CurlAsync(First, Password, "id3.bin");
        Assert.Contains("< 552 " + FirstRefusal + " /toibm/aix/id3.bin was not delivered.", overQuota.Error, StringComparison.Ordinal);
        Assert.True((await CurlAsync(Second, Password, "id4.bin")).ExitCode == 0);

        var delivered = (await Server.ReceiptsAsync()).Select(r => r.GetProperty("path").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["/toibm/aix/a1.bin", "/toibm/aix/id1.bin", "/toibm/aix/id4.bin"], delivered);

        // A restart counts today's receipts and partials again, each against its holder.
        await Server.RestartAsync();
        Assert.Contains("< 552 " + AnonymousRefusal, (await CurlAsync("anonymous", "attacker@example.com", "a4.bin")).Error, StringComparison.Ordinal);
        Assert.Contains("< 552 " + FirstRefusal, (await CurlAsync(First, Password, "id5.bin")).Error, StringComparison.Ordinal);
        await Server.WaitForLogAsync("Upload quotas: 12000000 bytes uploaded on [0-9-]+ \\(UTC\\) counted from receipts and interrupted uploads, for 3 accounts or anonymous");
    }

    [Fact]
    public async Task Openssh_and_paramiko_anonymous_uploads_fail_with_the_quota_text_and_transfer_ids_still_upload()
    {
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), Server.Root);
        Assert.True((await clients.ParamikoAsync("anonymous", "attacker@example.com", Source, "toibm/aix/a1.bin")).ExitCode == 0);

        // OpenSSH sftp shows only the status code of the WRITE that reaches the quota; the log has the text.
        var crossing = await clients.SftpAsync("anonymous", "attacker@example.com", $"put {Source} toibm/aix/a2.bin");
        Assert.NotEqual(0, crossing.ExitCode);
        Assert.Contains("Failure", crossing.Error, StringComparison.Ordinal);
        await Server.WaitForLogAsync(Regex.Escape("QuotaExceeded: " + AnonymousRefusal + " /toibm/aix/a2.bin was not delivered"));

        // paramiko raises the text of the failure status: another anonymous identity is refused at OPEN.
        var refused = await clients.ParamikoAsync("anonymous", "other@example.com", Source, "toibm/aix/a3.bin");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("OSError: " + AnonymousRefusal + " /toibm/aix/a3.bin was not delivered.", refused.Error, StringComparison.Ordinal);
        Assert.Equal(["3904", "3904", "0", "0", "100%"], DfColumns((await clients.SftpAsync("anonymous", "other@example.com", "df")).Output));

        var first = await clients.SftpAsync(First, Password, $"put {Source} toibm/aix/id1.bin", "df");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(["4880", "2928", "1952", "1952", "60%"], DfColumns(first.Output));
        Assert.NotEqual(0, (await clients.ParamikoAsync(First, Password, Source, "toibm/aix/id2.bin")).ExitCode);
        var overQuota = await clients.ParamikoAsync(First, Password, Source, "toibm/aix/id3.bin");
        Assert.Contains("OSError: " + FirstRefusal + " /toibm/aix/id3.bin was not delivered.", overQuota.Error, StringComparison.Ordinal);
        Assert.True((await clients.ParamikoAsync(Second, Password, Source, "toibm/aix/id4.bin")).ExitCode == 0);

        var delivered = (await Server.ReceiptsAsync()).Select(r => r.GetProperty("path").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["/toibm/aix/a1.bin", "/toibm/aix/id1.bin", "/toibm/aix/id4.bin"], delivered);
    }

    /// <summary>The numbers of OpenSSH sftp's df (KiB): size, used, available, (root), capacity.</summary>
    private static string[] DfColumns(string output) =>
        output.Split('\n').SkipWhile(line => !line.Contains("%Capacity", StringComparison.Ordinal)).ElementAt(1)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>curl -v shows the server's replies on standard error.</summary>
    private Task<ProcessResult> CurlAsync(string user, string password, string name)
    {
        var endPoint = Server.ControlEndPoint;
        var url = $"ftp://{endPoint.Address}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}/toibm/aix/{name}";
        return ExternalProcess.RunAsync("curl", ["--ssl-reqd", "-k", "-sS", "-v", "--max-time", "60", "-T", Source, "--user", $"{user}:{password}", url], Server.Root);
    }
}
