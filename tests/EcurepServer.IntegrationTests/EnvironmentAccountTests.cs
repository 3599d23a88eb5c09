using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// A first start with the Transfer ID and its password given through the environment, as a container is started:
/// that account is created instead of the demo one, and no password reaches the log.
/// </summary>
public sealed class EnvironmentAccountTests : IAsyncLifetime
{
    private const string TransferId = "E-ENVIRON123";
    private const string Password = "password-from-a-secret";

    private readonly ServerProcess _server = ServerProcess.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task The_environments_account_replaces_the_demo_one_and_its_password_is_never_logged()
    {
        var secret = Path.Combine(_server.Root, "password.secret");
        await File.WriteAllTextAsync(secret, Password + "\n");
        await _server.StartFromAsync(_server.Root, new Dictionary<string, string>
        {
            ["ECUREP_TRANSFER_ID"] = TransferId,
            ["ECUREP_PASSWORD_FILE"] = secret,
        });

        await _server.WaitForLogAsync($"Created Transfer ID {TransferId} from ECUREP_TRANSFER_ID and its password from the environment");
        var file = Path.Combine(_server.Root, "TS012345678_environment.txt");
        await File.WriteAllTextAsync(file, "first upload\n");
        var curl = await FtpsCurl.UploadAsync(_server.ControlEndPoint, TransferId, Password, file, "toibm/aix/");

        Assert.True(curl.ExitCode == 0, curl.ToString());
        Assert.DoesNotContain("demo Transfer ID", _server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, _server.Log, StringComparison.Ordinal);
        var accounts = await _server.CliAsync(null, "users", "list");
        Assert.Contains(TransferId, accounts.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("E-ABCD12345f", accounts.Output, StringComparison.Ordinal);
    }
}
