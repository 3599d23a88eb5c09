using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EcurepServer.Certificates;
using EcurepServer.Cli;
using EcurepServer.Settings;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

/// <summary>"config check": a start's checks without a port opened, a file written or a line logged.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task AUsableConfigurationPassesAndNothingIsCreated()
    {
        var check = await CliRun.InvokeAsync(_workspace, "config", "check");

        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.Equal("", check.Error);
        Assert.StartsWith($"Configuration OK: {_workspace.SettingsPath}", check.Output, StringComparison.Ordinal);
        Assert.Contains("Site Europe: ftps 127.0.0.1:0, sftp 127.0.0.1:0", check.Output, StringComparison.Ordinal);
        Assert.Equal(["config"], Directory.GetFileSystemEntries(_workspace.Root).Select(Path.GetFileName));
        Assert.Equal(["appsettings.json"], Directory.GetFileSystemEntries(_workspace.PathOf("config")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task JsonPrintsTheEffectiveConfigurationWithSecretsMasked()
    {
        var (certificatePem, keyPem) = SelfSignedCertificate.Create(["own.example.test"], DateTimeOffset.UtcNow);
        using (var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem))
        {
            await File.WriteAllBytesAsync(_workspace.PathOf("own.pfx"), certificate.Export(X509ContentType.Pkcs12, "pfx-secret"));
        }

        var check = await CliRun.InvokeAsync(
            _workspace,
            "config", "check", "--json",
            "--EcurepServer:Sites:Europe:Ftps:Certificate:Pfx=own.pfx",
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PfxPassword=pfx-secret");

        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.DoesNotContain("pfx-secret", check.Output, StringComparison.Ordinal);
        var root = JsonNode.Parse(check.Output)!["EcurepServer"]!;
        var europe = root["Sites"]!["Europe"]!;
        Assert.Equal(EffectiveConfiguration.Mask, (string?)europe["Ftps"]!["Certificate"]!["PfxPassword"]);
        Assert.Equal("own.pfx", (string?)europe["Ftps"]!["Certificate"]!["Pfx"]);
        Assert.True((bool)europe["AllowAnonymous"]!);
        Assert.Equal("00:15:00", (string?)europe["Ftps"]!["IdleTimeout"]);
        Assert.Equal("Full", (string?)europe["Ftps"]!["Rfc4217Level"]);
        Assert.Equal("7.00:00:00", (string?)root["DropBox"]!["Retention"]);
        Assert.Equal(10000, (int)root["Pbkdf2Iterations"]!);
        Assert.Equal(262144, (int)root["Sftp"]!["MaxMessageBytes"]!);
        Assert.Equal("127.0.0.1", (string?)europe["Ssh"]!["BindAddress"]);
        Assert.Null(europe["Sftp"]);
        Assert.Null(europe["PrimaryHostName"]);
    }

    [Theory]
    [InlineData("--EcurepServer:DropBox:Retention=7d", "EcurepServer:DropBox:Retention")]
    [InlineData("--EcurepServer:Sites:Europe:Ftps:Port=70000", "EcurepServer:Sites:Europe:Ftps:Port")]
    [InlineData("--EcurepServer:Sites:Europe:Ssh:IdleTimeout=abc", "EcurepServer:Sites:Europe:Ssh:IdleTimeout")]
    [InlineData("--EcurepServer:Sites:Europe:Ftps:Certificate:Pfx=missing.pfx", "EcurepServer:Sites:Europe:Ftps:Certificate:Pfx")]
    public async Task ABadValueFailsNamingTheKey(string setting, string key)
    {
        var check = await CliRun.InvokeAsync(_workspace, "config", "check", setting);

        Assert.Equal(ExitCodes.Error, check.ExitCode);
        var line = Assert.Single(check.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Configuration error: {key}: ", line, StringComparison.Ordinal);
        Assert.Equal("", check.Output);
    }

    [Fact]
    public async Task AMisspeltKeyFailsTheCheckWithTheKeyItProbablyMeant()
    {
        var check = await CliRun.InvokeAsync(_workspace, "config", "check", "--EcurepServer:Sites:Europe:Ftps:Portt=2121");

        Assert.Equal(ExitCodes.Error, check.ExitCode);
        Assert.Equal(
            "Warning: Unknown configuration key EcurepServer:Sites:Europe:Ftps:Portt is ignored; did you mean EcurepServer:Sites:Europe:Ftps:Port?",
            check.Error.Trim());
    }

    [Fact]
    public async Task TheFormerSftpSectionPassesWithOneWarningPerSiteAndShowsUnderTheNewName()
    {
        var check = await CliRun.InvokeAsync(
            _workspace,
            "config", "check", "--json",
            "--EcurepServer:Sites:Europe:Sftp:IdleTimeout=00:05:00",
            "--EcurepServer:Sites:Europe:Sftp:MaxSessions=5");

        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.Equal(
            "Warning: Configuration key EcurepServer:Sites:Europe:Sftp is now named EcurepServer:Sites:Europe:Ssh; its settings still apply where EcurepServer:Sites:Europe:Ssh does not set them.",
            check.Error.Trim());
        var europe = JsonNode.Parse(check.Output)!["EcurepServer"]!["Sites"]!["Europe"]!;
        Assert.Equal("00:05:00", (string?)europe["Ssh"]!["IdleTimeout"]);
        Assert.Equal(5, (int)europe["Ssh"]!["MaxSessions"]!);
        Assert.Null(europe["Sftp"]);
    }

    [Fact]
    public async Task ABrokenAccountsFileFails()
    {
        await File.WriteAllTextAsync(_workspace.PathOf("config", "accounts.json"), "[]");

        var check = await CliRun.InvokeAsync(_workspace, "config", "check");

        Assert.Equal(ExitCodes.Error, check.ExitCode);
        Assert.Equal(
            $"Configuration error: EcurepServer:AccountsFile {_workspace.PathOf("config", "accounts.json")}: line 1, column 2: expected an object with an \"accounts\" list of entries with \"id\" and \"passwordHash\", as earlier releases wrote it.",
            check.Error.Trim());
    }

    [Fact]
    public async Task APortInUseFailsWithoutThePortBeingOpened()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var check = await CliRun.InvokeAsync(_workspace, "config", "check", $"--EcurepServer:Sites:Europe:Ssh:Port={port}");

        Assert.Equal(ExitCodes.Error, check.ExitCode);
        Assert.StartsWith($"Configuration error: EcurepServer:Sites:Europe:Ssh:Port: cannot listen on 127.0.0.1 port {port}: ", check.Error, StringComparison.Ordinal);
    }
}
