using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Every server of the suite checks its transcripts, log files and console for its accounts' passwords when it is
/// disposed (<see cref="ServerProcess"/>); here a planted password shows the check finds one, as written or JSON-escaped.
/// </summary>
public sealed class SecretLeakCheckTests
{
    private const string Password = "leak+check-password-1";

    [Theory]
    [InlineData("logs/ecurep-20261203.log", "{\"@m\":\"PASS leak+check-password-1\"}")]
    [InlineData("data/sessions/2026-12-03/20261203T120000Z-0000.jsonl", "{\"event\":\"command\",\"line\":\"PASS leak\\u002Bcheck-password-1\"}")]
    public async Task A_password_in_a_log_or_transcript_fails_the_server_s_disposal(string file, string line)
    {
        var server = ServerProcess.Create();
        await server.AddAccountAsync("E-LEAK12345a", Password);
        var path = Path.Combine(server.Root, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, line + "\n");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => server.DisposeAsync().AsTask());

        Assert.Contains(file, failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(server.Root));
    }
}
