using System.Net;
using System.Security.Cryptography;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.Operations;

/// <summary>
/// GET /metrics after real clients: curl over FTPS, OpenSSH sftp, a wrong password; parsed by prometheus_client.
/// The same uploads' xferlog lines.
/// </summary>
public sealed class MetricsTests() : ServerTestBase("Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}", "TransferLog:Path=logs/xferlog"), IDisposable
{
    private const string Token = "metrics-token-0123456789";
    private const string TransferId = "E-METRICS001a";
    private const string Password = "metrics-password-1";

    private readonly TempDirectory _source = new();

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task After_a_curl_FTPS_and_an_OpenSSH_sftp_upload_metrics_count_two_deliveries_their_bytes_two_logins_and_no_active_session()
    {
        var ftpsFile = WriteRandom("TS000000001_ftps.bin", 300_000);
        var sftpFile = WriteRandom("TS000000002_sftp.bin", 200_000);

        var curl = await FtpsCurl.UploadAsync(await Server.ListeningEndPointAsync("Europe"), TransferId, Password, ftpsFile, "toibm/aix/TS000000001_ftps.bin");
        Assert.True(curl.ExitCode == 0, curl.ToString());
        var sftp = await new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), _source.Path)
            .SftpAsync(TransferId, Password, "put TS000000002_sftp.bin toibm/aix/TS000000002_sftp.bin");
        Assert.True(sftp.ExitCode == 0, sftp.ToString());

        var metrics = await WaitForMetricsAsync(samples => samples.Sum("ecurep_sessions_active") == 0 && samples.Sum("ecurep_sessions_total") == 2);

        Assert.Equal(1, metrics.Sum("ecurep_uploads_delivered_total", ("site", "Europe"), ("protocol", "ftps")));
        Assert.Equal(1, metrics.Sum("ecurep_uploads_delivered_total", ("site", "Europe"), ("protocol", "sftp")));
        Assert.Equal(500_000, metrics.Sum("ecurep_received_bytes_total", ("site", "Europe")));
        Assert.Equal(2, metrics.Sum("ecurep_upload_size_bytes_count"));
        Assert.Equal(500_000, metrics.Sum("ecurep_upload_size_bytes_sum"));
        Assert.Equal(2, metrics.Sum("ecurep_upload_duration_seconds_count"));
        Assert.Equal(1, metrics.Sum("ecurep_logins_total", ("protocol", "ftps"), ("result", "ok")));
        Assert.Equal(1, metrics.Sum("ecurep_logins_total", ("protocol", "sftp"), ("result", "ok")));
        Assert.Equal(0, metrics.Sum("ecurep_logins_total", ("result", "bad_password")));
        Assert.Equal(0, metrics.Sum("ecurep_sessions_active"));
        Assert.True(metrics.Sum("ecurep_data_free_bytes") > 0);
        Assert.Equal(0, metrics.Sum("ecurep_uploads_failed_total"));
        Assert.Equal(0, metrics.Sum("ecurep_sftp_writeahead_held_bytes"));
        Assert.True(metrics.Has("ecurep_ssh_window_reserved_bytes"));
    }

    [Fact]
    public async Task Each_upload_writes_an_xferlog_line_in_the_field_count_and_order_of_vsftpd()
    {
        var file = WriteRandom("TS000000004 with blanks.bin", 4321);
        var curl = await FtpsCurl.UploadAsync(await Server.ListeningEndPointAsync("Europe"), TransferId, Password, file, "toibm/aix/TS000000004%20with%20blanks.bin");
        Assert.True(curl.ExitCode == 0, curl.ToString());
        var sftp = await new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), _source.Path)
            .SftpAsync("anonymous", "tester@example.com", "put \"TS000000004 with blanks.bin\" toibm/linux/TS000000005.bin");
        Assert.True(sftp.ExitCode == 0, sftp.ToString());

        var lines = File.ReadAllLines(Path.Combine(Server.Root, "logs", "xferlog"));

        Assert.Equal(2, lines.Length);
        AssertXferlog(lines[0], 4321, "/toibm/aix/TS000000004_with_blanks.bin", 'r', TransferId, "ftp");
        AssertXferlog(lines[1], 4321, "/toibm/linux/TS000000005.bin", 'a', "tester@example.com", "sftp");
    }

    [Fact]
    public async Task A_wrong_password_moves_the_bad_password_counter_and_an_unknown_id_the_unknown_account_counter()
    {
        var file = WriteRandom("TS000000003.bin", 1000);
        var control = await Server.ListeningEndPointAsync("Europe");

        var wrong = await FtpsCurl.UploadAsync(control, TransferId, "not-the-password", file, "toibm/aix/TS000000003.bin");
        var unknown = await FtpsCurl.UploadAsync(control, "E-NOBODY0001a", Password, file, "toibm/aix/TS000000003.bin");

        Assert.Equal(FtpsCurl.LoginDenied, wrong.ExitCode);
        Assert.Equal(FtpsCurl.LoginDenied, unknown.ExitCode);
        var metrics = await WaitForMetricsAsync(samples => samples.Sum("ecurep_sessions_total") == 2);
        Assert.Equal(1, metrics.Sum("ecurep_logins_total", ("site", "Europe"), ("protocol", "ftps"), ("result", "bad_password")));
        Assert.Equal(1, metrics.Sum("ecurep_logins_total", ("site", "Europe"), ("protocol", "ftps"), ("result", "unknown_account")));
        Assert.Equal(0, metrics.Sum("ecurep_logins_total", ("result", "ok")));
    }

    [Fact]
    public async Task Metrics_are_open_without_the_token_and_behind_it_when_MetricsRequireToken()
    {
        using var client = new HttpClient { BaseAddress = ManagementUrl() };

        using var open = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", open.Content.Headers.ContentType?.ToString());

        await Server.StopAsync(TimeSpan.FromSeconds(60));
        await using var secured = ServerProcess.Create("Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}", "Management:MetricsRequireToken=true");
        await secured.StartAsync();
        using var securedClient = new HttpClient { BaseAddress = new Uri(secured.Ready.GetProperty("managementUrl").GetString()!) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await securedClient.GetAsync("/metrics")).StatusCode);
        securedClient.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await securedClient.GetAsync("/metrics")).StatusCode);
    }

    public void Dispose() => _source.Dispose();

    /// <summary>
    /// vsftpd's xferlog fields: current-time (ctime, 5 tokens), transfer-time, remote-host, file-size, filename,
    /// transfer-type, special-action-flag, direction, access-mode, username, service-name, authentication-method,
    /// authenticated-user-id, completion-status.
    /// </summary>
    private static void AssertXferlog(string line, long bytes, string path, char accessMode, string user, string service)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(18, fields.Length);
        var date = DateTime.ParseExact(string.Join(' ', fields[..5]), "ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((DateTime.UtcNow - date).TotalMinutes) < 10, line);
        Assert.True(int.Parse(fields[5], System.Globalization.CultureInfo.InvariantCulture) >= 1, line);
        Assert.Equal(["127.0.0.1", bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), path, "b", "_", "i", accessMode.ToString(), user, service, "0", "*", "c"], fields[6..]);
    }

    private Uri ManagementUrl() => new(Server.Ready.GetProperty("managementUrl").GetString()!);

    private string WriteRandom(string name, int size)
    {
        var path = Path.Combine(_source.Path, name);
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(size));
        return path;
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds (sessions end a moment after the client left), then returns that scrape.</summary>
    private async Task<PrometheusSamples> WaitForMetricsAsync(Func<PrometheusSamples, bool> condition)
    {
        using var client = new HttpClient { BaseAddress = ManagementUrl() };
        var until = DateTime.UtcNow + Eventually.Deadline;
        while (true)
        {
            var samples = await PrometheusSamples.ParseAsync(await client.GetStringAsync("/metrics"));
            if (condition(samples))
            {
                return samples;
            }

            Assert.True(DateTime.UtcNow < until, "The metrics never showed the expected state:\n" + string.Join('\n', samples.All.Select(s => $"{s.Name} {string.Join(',', s.Labels.Select(l => $"{l.Key}={l.Value}"))} {s.Value}")));
            await Task.Delay(100);
        }
    }
}
