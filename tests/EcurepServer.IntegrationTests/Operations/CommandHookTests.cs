using System.Security.Cryptography;
using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.Operations;

/// <summary>
/// The command sink with a shell script as the hook: it gets the receipt on standard input and reads the delivered
/// file through ECUREP_FILE; on its first run it hangs, is killed at the sink's timeout and is run again.
/// </summary>
public sealed class CommandHookTests : IAsyncLifetime
{
    private const string TransferId = "E-HOOKS0001a";
    private const string Password = "hooks-password-1";

    // First run: note the pid and hang. Later runs: keep the receipt and the delivered file's SHA-256 under the event id
    // (renamed into place: the test waits for the .sha256 file and must not read it while the redirection has it empty).
    private const string Hook = """
        out="$1"
        if [ ! -e "$out/hung" ]; then
            echo $$ > "$out/hung"
            exec sleep 600
        fi
        cat > "$out/$ECUREP_EVENT_ID.json"
        sha256sum "$ECUREP_FILE" | cut -d' ' -f1 > "$out/$ECUREP_EVENT_ID.partial"
        mv "$out/$ECUREP_EVENT_ID.partial" "$out/$ECUREP_EVENT_ID.sha256"
        """;

    private readonly TempDirectory _work = new();
    private ServerProcess _server = null!;

    private string Output => _work.Combine("out");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Output);
        File.WriteAllText(_work.Combine("hook.sh"), Hook);
        _server = ServerProcess.Create(
            "Events:Sinks:hook:Type=command",
            "Events:Sinks:hook:Command=/bin/sh",
            $"Events:Sinks:hook:Arguments:0={_work.Combine("hook.sh")}",
            $"Events:Sinks:hook:Arguments:1={Output}",
            "Events:Sinks:hook:Timeout=00:00:02",
            "Events:FirstRetryDelay=00:00:00.2",
            "Events:MaxRetryDelay=00:00:01",
            "Receipts:ExportPath=data/receipts.jsonl");
        await _server.AddAccountAsync(TransferId, Password);
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task The_hook_gets_the_receipt_on_stdin_and_reads_the_delivered_file_after_its_hanging_first_run_was_killed_and_retried()
    {
        var file = _work.Combine("TS000000021.bin");
        File.WriteAllBytes(file, RandomNumberGenerator.GetBytes(50_000));

        var result = await FtpsCurl.UploadAsync(await _server.ListeningEndPointAsync("Europe"), TransferId, Password, file, "toibm/aix/TS000000021.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        await Eventually.TrueAsync(() => Directory.GetFiles(Output, "*.sha256").Length == 1, "the hook's second run", TimeSpan.FromSeconds(60));
        var hungPid = int.Parse(File.ReadAllText(Path.Combine(Output, "hung")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{hungPid}"), "the hanging first run was not killed");

        var sha256 = Directory.GetFiles(Output, "*.sha256").Single();
        Assert.Equal(RandomFile.Sha256Of(file), File.ReadAllText(sha256).Trim());
        var receipt = File.ReadAllText(Path.ChangeExtension(sha256, ".json"));
        Assert.Equal(File.ReadAllLines(Path.Combine(_server.DataDirectory, "receipts.jsonl")).Single(), receipt);
        Assert.Equal("/toibm/aix/TS000000021.bin", JsonDocument.Parse(receipt).RootElement.GetProperty("path").GetString());
        await Eventually.TrueAsync(() => _server.CliAsync(null, "events", "list", "--pending").Result.Output.Contains("No events match.", StringComparison.Ordinal), "no pending event");
    }
}
