using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The self-contained single-file build started as the systemd unit starts it (its ExecStart line, with the
/// installation and state directories pointed at temporary ones) as an unprivileged user, with no systemd around:
/// it becomes ready, runs under that user and takes an FTPS upload.
/// </summary>
public sealed class PublishedServiceTests(PublishedServer published) : IClassFixture<PublishedServer>, IAsyncLifetime
{
    private const string InstallDirectory = "/opt/ecurep-server";
    private const string StateDirectory = "/var/lib/ecurep-server";
    private const string TransferId = "E-PUBLISH123";
    private const string Password = "published-password-1";
    private const string User = "nobody";

    private readonly ServerProcess _server = ServerProcess.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task The_units_command_line_runs_the_single_file_as_an_unprivileged_user_and_takes_an_upload()
    {
        var unit = await File.ReadAllLinesAsync(Path.Combine(RepositoryFiles.Root(), "deploy", "systemd", "ecurep-server.service"));
        var execStart = Assert.Single(unit, line => line.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..];
        Assert.Contains("StateDirectory=ecurep-server", unit);
        Assert.Contains("Type=notify", unit);
        string[] command = [.. execStart.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Replace(InstallDirectory, published.PublishDirectory, StringComparison.Ordinal)
                .Replace(StateDirectory, _server.Root, StringComparison.Ordinal))];
        Assert.Equal(published.Executable, command[0]);

        // The account is added by root (as an administrator would, before handing the directory to the service user).
        await _server.AddAccountAsync(TransferId, Password);
        var chown = await ExternalProcess.RunAsync("chown", ["-R", $"{User}:", _server.Root], _server.Root);
        Assert.True(chown.ExitCode == 0, chown.ToString());
        await _server.StartAsync("setpriv", ["--reuid", User, "--regid", "nogroup", "--clear-groups", "--", .. command, .. _server.ServerOptions()]);

        var status = await File.ReadAllLinesAsync($"/proc/{_server.StartedProcessId}/status");
        var nobody = (await ExternalProcess.RunAsync("id", ["-u", User])).Output.Trim();
        Assert.Equal(nobody, Assert.Single(status, line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);

        var file = Path.Combine(_server.Root, "TS012345678_published.txt");
        await File.WriteAllTextAsync(file, "uploaded to the published server\n");
        var curl = await FtpsCurl.UploadAsync(_server.ControlEndPoint, TransferId, Password, file, "toibm/aix/");
        Assert.True(curl.ExitCode == 0, curl.ToString());
        Assert.Equal("uploaded to the published server\n", await File.ReadAllTextAsync(_server.DeliveredFile("aix", "TS012345678_published.txt")));
    }
}
