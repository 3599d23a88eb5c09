using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.Faults;

/// <summary>
/// Fault rules from the command line that answer in the server's place: a 452 to STOR, an SFTP failure to open, a
/// refused login for one account, a rule that fires once, and one that fires by a seeded draw. Each rule is kept to
/// one account, so the rules of the other tests do not meet.
/// </summary>
public sealed class FaultReplyTests() : ServerTestBase(
    "Faults:stor-452:Account=E-REPLY1234a", "Faults:stor-452:Point=STOR", "Faults:stor-452:Action=reply", "Faults:stor-452:Code=452",
    "Faults:stor-452:Text=Injected: no room for this upload",
    "Faults:open-fails:Account=E-REPLY1234a", "Faults:open-fails:Point=open", "Faults:open-fails:Action=reply", "Faults:open-fails:Code=4",
    "Faults:open-fails:Text=Injected open failure",
    "Faults:refuse-one:Account=E-REFUSE123a", "Faults:refuse-one:Point=login", "Faults:refuse-one:Action=refuse-login",
    "Faults:once:Account=E-ONCE12345a", "Faults:once:Point=STOR", "Faults:once:Action=reply", "Faults:once:Code=451", "Faults:once:Times=1",
    "Faults:coin:Account=E-COIN12345a", "Faults:coin:Point=STOR", "Faults:coin:Action=reply", "Faults:coin:Code=451",
    "Faults:coin:Probability=0.5", "Faults:coin:Seed=42",
    "Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={FaultReplyTests.Token}"), IDisposable
{
    private const string Password = "fault-reply-password-1";
    private const string Token = "fault-reply-token-0123456789";

    private readonly TempDirectory _files = new();

    protected override IEnumerable<(string TransferId, string Password)> Accounts =>
        [("E-REPLY1234a", Password), ("E-REFUSE123a", Password), ("E-ONCE12345a", Password), ("E-COIN12345a", Password), ("E-OTHER1234a", Password)];

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_452_on_STOR_fails_the_curl_upload_and_the_session_goes_on()
    {
        var file = SmallFile("refused.bin");

        var result = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-REPLY1234a", Password, file, "toibm/aix/refused.bin");

        Assert.True(result.ExitCode == FtpsCurl.UploadFailed, result.ToString());
        Assert.Contains("452", result.Error, StringComparison.Ordinal);
        Assert.Matches(@"Fault stor-452 fired at STOR", Server.Log);
        Assert.False(File.Exists(Server.DeliveredFile("aix", "refused.bin")));
        Assert.Empty(await Server.ReceiptsAsync());

        // The same session serves on after the injected reply.
        await using var client = await FtpTestClient.ConnectAsync(Server.ControlEndPoint);
        await client.SecureLoginAsync("E-REPLY1234a", Password);
        await client.PassiveAsync();
        Assert.Equal(["452 Injected: no room for this upload"], (await client.CommandAsync("STOR toibm/aix/refused.bin")).Lines);
        Assert.Equal(200, (await client.CommandAsync("NOOP")).Code);
        Assert.Equal(257, (await client.CommandAsync("PWD")).Code);
    }

    [Fact]
    public async Task The_faults_a_real_client_met_are_counted_by_GET_faults_and_noted_in_its_session_transcript()
    {
        var file = SmallFile("counted.bin");

        var result = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-REPLY1234a", Password, file, "toibm/aix/counted.bin");

        Assert.True(result.ExitCode == FtpsCurl.UploadFailed, result.ToString());
        using var api = new HttpClient { BaseAddress = new Uri(Server.Ready.GetProperty("managementUrl").GetString()!) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var rules = (await api.GetFromJsonAsync<JsonElement>("/faults")).EnumerateArray()
            .ToDictionary(rule => rule.GetProperty("id").GetString()!, rule => rule.GetProperty("fired").GetInt64());
        Assert.Equal(1, rules["stor-452"]);
        Assert.Equal(0, rules["open-fails"]);
        Assert.Equal(0, rules["once"]);

        // The transcript is written in the background: wait until the session's end has reached it.
        List<JsonElement>? events = null;
        await Eventually.TrueAsync(() => (events = EndedTranscriptAsync(api, "E-REPLY1234a").GetAwaiter().GetResult()) is not null, "the session's transcript to end");
        var fault = Assert.Single(events!, e => e.GetProperty("event").GetString() == "fault");
        Assert.Equal("stor-452", fault.GetProperty("rule").GetString());
        Assert.Equal("STOR", fault.GetProperty("point").GetString());
    }

    private static async Task<List<JsonElement>?> EndedTranscriptAsync(HttpClient api, string account)
    {
        var sessions = (await api.GetFromJsonAsync<JsonElement>($"/sessions?account={account}")).EnumerateArray().ToList();
        if (sessions.Count != 1)
        {
            return null;
        }

        var events = (await api.GetFromJsonAsync<JsonElement>($"/sessions/{sessions[0].GetProperty("id").GetString()}")).EnumerateArray().ToList();
        return events.Any(e => e.GetProperty("event").GetString() == "end") ? events : null;
    }

    [Fact]
    public async Task A_failure_on_open_is_printed_by_openssh_sftp_and_paramiko_and_nothing_is_delivered()
    {
        var file = SmallFile("refused.bin");
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), _files.Path);

        var openSsh = await clients.SftpAsync("E-REPLY1234a", Password, $"put {file} toibm/aix/refused.bin");
        var paramiko = await clients.ParamikoAsync("E-REPLY1234a", Password, file, "toibm/aix/refused.bin");

        // OpenSSH prints the status code's name, paramiko the server's message.
        Assert.NotEqual(0, openSsh.ExitCode);
        Assert.True(openSsh.Error.Contains("dest open \"/toibm/aix/refused.bin\": Failure", StringComparison.Ordinal), openSsh.ToString());
        Assert.NotEqual(0, paramiko.ExitCode);
        Assert.True(paramiko.Error.Contains("Injected open failure", StringComparison.Ordinal), paramiko.ToString());
        Assert.Equal(2, Regex.Matches(Server.Log, "Fault open-fails fired at open").Count);
        Assert.False(File.Exists(Server.DeliveredFile("aix", "refused.bin")));
        Assert.Empty(await Server.ReceiptsAsync());
    }

    [Fact]
    public async Task Refuse_login_refuses_one_account_only_over_ftps_and_sftp()
    {
        var file = SmallFile("login.bin");
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), _files.Path);

        var refused = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-REFUSE123a", Password, file, "toibm/aix/login.bin");
        var refusedSftp = await clients.SftpAsync("E-REFUSE123a", Password, $"put {file} toibm/aix/login-sftp.bin");
        var other = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-OTHER1234a", Password, file, "toibm/aix/login.bin");

        Assert.True(refused.ExitCode == FtpsCurl.LoginDenied, refused.ToString());
        Assert.NotEqual(0, refusedSftp.ExitCode);
        Assert.Contains("Permission denied", refusedSftp.Error, StringComparison.Ordinal);
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.Single(Regex.Matches(Server.Log, @"Fault refuse-one fired at login \(Europe ftps "));
        Assert.Matches(@"Fault refuse-one fired at login \(Europe sftp ", Server.Log);
        Assert.DoesNotMatch(@"Fault refuse-one fired at login \(\S+ \S+ E-OTHER", Server.Log);
        var receipt = Assert.Single(await Server.ReceiptsAsync());
        Assert.Equal("E-OTHER1234a", receipt.GetProperty("account").GetString());
    }

    [Fact]
    public async Task A_rule_for_one_time_fails_the_first_upload_and_lets_the_second_through()
    {
        var file = SmallFile("once.bin");

        var first = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-ONCE12345a", Password, file, "toibm/aix/once.bin");
        var second = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-ONCE12345a", Password, file, "toibm/aix/once.bin");

        Assert.True(first.ExitCode == FtpsCurl.UploadFailed, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Single(Regex.Matches(Server.Log, "Fault once fired at STOR"));
        Assert.Equal(RandomFile.Sha256Of(file), RandomFile.Sha256Of(Server.DeliveredFile("aix", "once.bin")));
    }

    [Fact]
    public async Task A_seeded_probability_fails_the_same_uploads_in_two_runs()
    {
        var first = await UploadSeriesAsync();
        await Server.RestartAsync();
        var second = await UploadSeriesAsync();

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    /// <summary>Eight uploads in a row; true for each the rule failed.</summary>
    private async Task<bool[]> UploadSeriesAsync()
    {
        var outcomes = new bool[8];
        for (var i = 0; i < outcomes.Length; i++)
        {
            var file = SmallFile($"coin{i}.bin");
            var result = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-COIN12345a", Password, file, $"toibm/aix/coin-{Guid.NewGuid():N}.bin");
            Assert.True(result.ExitCode is 0 or FtpsCurl.UploadFailed, result.ToString());
            outcomes[i] = result.ExitCode != 0;
        }

        return outcomes;
    }

    private string SmallFile(string name)
    {
        var path = _files.Combine(name);
        File.WriteAllBytes(path, DataTransfers.RandomBytes(100_000));
        return path;
    }
}
