using System.Net;
using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Real clients against the built server, each followed by "sessions show" of its session: the transcript names the
/// TLS suite or the SSH algorithms agreed, the login, the upload (or the refusal) and the end. Receipts carry the
/// session id, "uploads list --session" finds them, and every line the server logged during the session names it.
/// </summary>
public sealed class SessionTranscriptTests(RandomFile source) : ServerTestBase, IClassFixture<RandomFile>
{
    private const string TransferId = "E-TRAN12345a";
    private const string Password = "transcript-password-1";

    private SftpClients _clients = null!;

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), source.Directory);
    }

    [Fact]
    public async Task A_curl_ftps_upload_is_transcribed_with_its_tls_suite_login_upload_and_quit()
    {
        var url = $"ftp://{Server.ControlEndPoint.Address}:{Server.ControlEndPoint.Port}/toibm/aix/TS012345678_curl.bin";

        var result = await ExternalProcess.RunAsync("curl", ["--ssl-reqd", "-k", "-sS", "--max-time", "120", "-T", source.FilePath, "--user", $"{TransferId}:{Password}", url], source.Directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        var transcript = await TranscriptOfUploadAsync("TS012345678_curl.bin");
        Assert.Contains(transcript, line => line.Contains("TLS on the control connection: TLSv1.2, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", StringComparison.Ordinal));
        Assert.Contains($"> USER {TransferId}", transcript);
        Assert.Contains("> PASS ****", transcript);
        Assert.Contains(transcript, line => line.Contains($"login of {TransferId} succeeded", StringComparison.Ordinal));
        Assert.Contains("> STOR TS012345678_curl.bin", transcript);
        Assert.Contains(transcript, line => line.Contains($"data connection (passive, upload, TLS) from 127.0.0.1:", StringComparison.Ordinal) && line.EndsWith(", complete", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains($"upload /toibm/aix/TS012345678_curl.bin delivered: {RandomFile.Size} bytes", StringComparison.Ordinal) && line.Contains(source.Sha256, StringComparison.Ordinal));
        Assert.Contains("< 226 Transfer complete", transcript);
        Assert.EndsWith("ended: quit", transcript[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_openssh_sftp_upload_with_chacha20_is_transcribed_in_a_few_lines()
    {
        var result = await _clients.SftpWithOptionsAsync(["-c", "chacha20-poly1305@openssh.com"], TransferId, Password, $"put {source.FilePath} toibm/aix/TS012345678_sftp.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        var transcript = await TranscriptOfUploadAsync("TS012345678_sftp.bin");
        Assert.Contains(transcript, line => line.Contains("SSH versions: client SSH-2.0-OpenSSH_", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains("KEXINIT from the client (exchange 1)", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains(
            "client to server chacha20-poly1305@openssh.com, server to client chacha20-poly1305@openssh.com, strict kex, ext-info sent", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains($"authentication of {TransferId} by password: success", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.EndsWith("channel 0 subsystem sftp: served", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.StartsWith("> ", StringComparison.Ordinal) && line.Contains(" OPEN /toibm/aix/TS012345678_sftp.bin [WRITE|CREAT|TRUNC]  < HANDLE", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains($"WRITE x", StringComparison.Ordinal) && line.Contains($"bytes 0-{RandomFile.Size} ({RandomFile.Size} bytes)  < STATUS OK", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains($"upload /toibm/aix/TS012345678_sftp.bin delivered: {RandomFile.Size} bytes", StringComparison.Ordinal) && line.Contains(source.Sha256, StringComparison.Ordinal));
        Assert.EndsWith("ended: quit (disconnected by user)", transcript[^1], StringComparison.Ordinal);
        Assert.True(transcript.Count < 50, $"{transcript.Count} lines:\n{string.Join('\n', transcript)}");
    }

    [Fact]
    public async Task A_paramiko_upload_is_transcribed_with_its_algorithms_login_and_upload()
    {
        var result = await _clients.ParamikoAsync(TransferId, Password, source.FilePath, "toibm/aix/TS012345678_paramiko.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        var transcript = await TranscriptOfUploadAsync("TS012345678_paramiko.bin");
        Assert.Contains(transcript, line => line.Contains("SSH versions: client SSH-2.0-paramiko_", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains("key exchange 1: ", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains($"authentication of {TransferId} by password: success", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains("upload /toibm/aix/TS012345678_paramiko.bin delivered", StringComparison.Ordinal));

        // paramiko closes its channel, then the socket, without DISCONNECT.
        Assert.Contains("ended: client-closed", transcript[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_legacy_scp_is_transcribed_with_its_refusal_and_end()
    {
        var result = await _clients.ScpAsync(TransferId, Password, source.FilePath, "toibm/aix/", legacyProtocol: true);

        Assert.NotEqual(0, result.ExitCode);
        var session = Assert.Single(await Server.SessionsAsync());
        Assert.Equal(("sftp", TransferId, 0L), (session.GetProperty("protocol").GetString(), session.GetProperty("account").GetString(), session.GetProperty("bytesUploaded").GetInt64()));
        var transcript = await Server.TranscriptAsync(session.GetProperty("id").GetString()!);
        AssertEveryLogLineNamesTheSession(session.GetProperty("id").GetString()!);
        Assert.Contains(transcript, line => line.Contains("key exchange 1: ", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains($"authentication of {TransferId} by password: success", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains("channel 0 exec scp -t toibm/aix/: refused", StringComparison.Ordinal));
        Assert.EndsWith("ended: quit (disconnected by user)", transcript[^1], StringComparison.Ordinal);
        Assert.Empty(await Server.ReceiptsAsync());
    }

    /// <summary>The transcript of the session that delivered <paramref name="name"/>, found through its receipt; uploads list --session finds the receipt.</summary>
    private async Task<IReadOnlyList<string>> TranscriptOfUploadAsync(string name)
    {
        var receipt = Assert.Single(await Server.ReceiptsAsync(), r => r.GetProperty("path").GetString() == "/toibm/aix/" + name);
        var sessionId = receipt.GetProperty("sessionId").GetString()!;
        var bySession = await Server.CliAsync(null, "uploads", "list", "--json", "--session", sessionId);
        Assert.Equal(name, Path.GetFileName(JsonDocument.Parse(bySession.Output).RootElement.GetProperty("path").GetString()));
        var listed = Assert.Single(await Server.SessionsAsync(), s => s.GetProperty("id").GetString() == sessionId);
        var transcript = await Server.TranscriptAsync(sessionId);
        AssertEveryLogLineNamesTheSession(sessionId);
        Assert.True(
            (TransferId, RandomFile.Size, false) == (listed.GetProperty("account").GetString(), listed.GetProperty("bytesUploaded").GetInt64(), listed.GetProperty("failed").GetBoolean()),
            $"{listed}\n{string.Join('\n', transcript)}");
        return transcript;
    }

    /// <summary>
    /// The server ran this one session: every console line from its first to its last mention of the session id names
    /// it (the log scope, or the message itself), and there are several.
    /// </summary>
    private void AssertEveryLogLineNamesTheSession(string sessionId)
    {
        var lines = Server.Log.Split('\n');
        var first = Array.FindIndex(lines, line => line.Contains(sessionId, StringComparison.Ordinal));
        var last = Array.FindLastIndex(lines, line => line.Contains(sessionId, StringComparison.Ordinal));
        Assert.True(last - first >= 3, Server.Log);
        Assert.All(lines[first..(last + 1)], line => Assert.Contains(sessionId, line, StringComparison.Ordinal));
    }
}
