using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>The ready file and the systemd notification, with the built server started as users start it.</summary>
public sealed class ReadyFileTests
{
    [Fact]
    public async Task TheReadyFileNamesTheOsChosenPortsAndFingerprintsAndGoesAwayOnStop()
    {
        await using var server = ServerProcess.Create("Sites:Europe:LegacyPlain:Enabled=true", "Sites:Europe:LegacyPlain:Port=0");
        var readyFile = Path.Combine(server.Root, "run", "ready.json");
        Directory.CreateDirectory(Path.GetDirectoryName(readyFile)!);
        server.ReadyFile = readyFile;

        await server.StartAsync();
        var ready = server.Ready;

        Assert.Equal(server.StartedProcessId, ready.GetProperty("pid").GetInt32());
        var europe = ready.GetProperty("sites").GetProperty("Europe");
        Assert.Equal(LoggedPort(await server.WaitForLogAsync(@"Site Europe ftps listening on (?<endpoint>\S+)")), europe.GetProperty("ftpsPort").GetInt32());
        Assert.Equal(LoggedPort(await server.WaitForLogAsync(@"Site Europe ftp listening on (?<endpoint>\S+)")), europe.GetProperty("legacyPort").GetInt32());
        Assert.Equal(LoggedPort(await server.WaitForLogAsync(@"Site Europe sftp listening on (?<endpoint>\S+)")), europe.GetProperty("sftpPort").GetInt32());
        Assert.Equal("127.0.0.1", europe.GetProperty("ftpsAddress").GetString());
        Assert.Equal(0, europe.GetProperty("passivePortMin").GetInt32());
        foreach (var site in ServerProcess.Sites)
        {
            var ports = ready.GetProperty("sites").GetProperty(site);
            Assert.NotEqual(0, ports.GetProperty("ftpsPort").GetInt32());
            Assert.NotEqual(0, ports.GetProperty("sftpPort").GetInt32());
        }

        Assert.Equal(JsonValueKind.Null, ready.GetProperty("sites").GetProperty("Americas").GetProperty("legacyPort").ValueKind);

        var logged = await server.WaitForLogAsync(@"FTPS certificate SHA-256 fingerprint: (?<fingerprint>[0-9A-F:]+) \(RSA 3072");
        var certificate = Assert.Single(europe.GetProperty("ftpsCertificates").EnumerateArray());
        Assert.Equal(logged.Groups["fingerprint"].Value, certificate.GetProperty("sha256").GetString());
        Assert.Equal("RSA 3072", certificate.GetProperty("key").GetString());

        var keys = await server.CliAsync(null, "keys", "fingerprints");
        Assert.Equal(
            keys.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal),
            ready.GetProperty("sshHostKeys").EnumerateArray().Select(key => $"{key.GetProperty("type").GetString()} {key.GetProperty("sha256").GetString()}").Order(StringComparer.Ordinal));

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, europe.GetProperty("ftpsPort").GetInt32());
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            Assert.StartsWith("220", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(60)));
        Assert.False(File.Exists(readyFile));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(readyFile)!));
    }

    [Fact]
    public async Task UnderSystemdTheServerSignalsReadyOnItsNotifySocket()
    {
        await using var server = ServerProcess.Create();
        var socketPath = Path.Combine(server.Root, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));

        // The host believes it runs under systemd when its parent process is named "systemd".
        var launcher = Path.Combine(server.Root, "systemd");
        await File.WriteAllTextAsync(launcher, "#!/bin/sh\n\"$@\"\nexit $?\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await server.StartAsync(
            launcher,
            [Workspace.Dotnet, .. server.RunArguments()],
            environment: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });

        var buffer = new byte[256];
        var received = await notify.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("READY=1", Encoding.ASCII.GetString(buffer, 0, received));
    }

    private static int LoggedPort(System.Text.RegularExpressions.Match listening) => IPEndPoint.Parse(listening.Groups["endpoint"].Value).Port;
}
