using System.Reflection;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The README's run command, "dotnet run --project src/EcurepServer", in a fresh directory that holds only the shipped
/// configuration (ports aside, so parallel tests never collide): it creates the demo Transfer ID, the RSA certificate
/// (which an RSA-only openssl s_client takes) and the SSH host keys, and takes an FTPS and an SFTP upload.
/// </summary>
public sealed class ReadmeRunCommandTests : IAsyncLifetime
{
    private readonly ServerProcess _server = ServerProcess.CreateWithShippedSettings(
        [.. ServerProcess.Sites.SelectMany(site => new[]
        {
            $"Sites:{site}:Ftps:Port=0",
            $"Sites:{site}:Ftps:PassivePortMin=0",
            $"Sites:{site}:Ftps:PassivePortMax=0",
            $"Sites:{site}:Ssh:Port=0",
        })]);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_command_starts_a_working_server_with_the_demo_transfer_id()
    {
        // The build this test belongs to; "--no-build" because the solution is built before the tests run.
        var configuration = typeof(ReadmeRunCommandTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var project = Path.Combine(RepositoryFiles.Root(), "src", "EcurepServer");
        await _server.StartAsync(Workspace.Dotnet, ["run", "--project", project, "-c", configuration, "--no-build", "--", .. _server.ServerOptions()]);

        var demo = await _server.WaitForLogAsync(@"Created demo Transfer ID E-ABCD12345f with password (\S+) ");
        await _server.WaitForLogAsync(@"FTPS certificate SHA-256 fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2} \(RSA 3072, ");
        Assert.True(File.Exists(Path.Combine(_server.Root, "certs", "ftps.crt")));
        Assert.True(File.Exists(Path.Combine(_server.DataDirectory, "catalog.db")));
        Assert.True(File.Exists(Path.Combine(_server.Root, "certs", "ssh_host_ed25519_key")));
        await _server.WaitForLogAsync(@"SSH host key ssh-ed25519 SHA256:[A-Za-z0-9+/]{43} ");

        // RSA-only clients (z/OS System SSL lists, older AIX) take the default certificate: the suite the seed shows.
        var rsaOnly = await ExternalProcess.RunAsync(
            "openssl",
            ["s_client", "-starttls", "ftp", "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384", "-connect", $"127.0.0.1:{_server.ControlEndPoint.Port}"],
            _server.Root,
            input: string.Empty);
        Assert.True(rsaOnly.ExitCode == 0, rsaOnly.ToString());
        Assert.Contains("New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384", rsaOnly.Output, StringComparison.Ordinal);
        Assert.Contains("Server public key is 3072 bit", rsaOnly.Output, StringComparison.Ordinal);

        var file = Path.Combine(_server.Root, "12345.123.724.DUMP.ZIP");
        await File.WriteAllTextAsync(file, "diagnostic data\n");
        var url = $"ftp://127.0.0.1:{_server.ControlEndPoint.Port}/toibm/aix/";
        var curl = await ExternalProcess.RunAsync(
            "curl", ["--ssl-reqd", "-k", "-sS", "-T", file, url, "--user", "E-ABCD12345f:" + demo.Groups[1].Value], _server.Root);

        Assert.True(curl.ExitCode == 0, curl.ToString());
        Assert.Equal("diagnostic data\n", await File.ReadAllTextAsync(_server.DeliveredFile("aix", "12345.123.724.DUMP.ZIP")));
        var sftp = await _server.ListeningEndPointAsync("Europe", "sftp");
        var overSftp = await ExternalProcess.RunAsync(
            "curl",
            ["-k", "-sS", "-T", file, $"sftp://127.0.0.1:{sftp.Port}/toibm/linux/", "--user", "E-ABCD12345f:" + demo.Groups[1].Value],
            _server.Root);

        Assert.True(overSftp.ExitCode == 0, overSftp.ToString());
        var receipts = await _server.ReceiptsAsync();
        Assert.Equal(["ftps", "sftp"], receipts.Select(r => r.GetProperty("protocol").GetString()).Order(StringComparer.Ordinal));
        Assert.All(receipts, receipt => Assert.Equal("12345.123.724", receipt.GetProperty("route").GetProperty("pmr").GetString()));
    }
}
