using System.Net;
using System.Text.Json.Nodes;
using EcurepServer.Hosting;
using EcurepServer.Settings;
using EcurepServer.Ssh;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

/// <summary>
/// "Sites:&lt;Name&gt;:Ssh" binds straight onto the SSH engine's options, over the SFTP texts of the site's dialect;
/// "Sites:&lt;Name&gt;:Sftp", its former name, still applies where "Ssh" does not set a key, with a warning.
/// </summary>
public sealed class SshListenerBindingTests : IDisposable
{
    private const string Europe = "--EcurepServer:Sites:Europe";

    private readonly TempWorkspace _workspace;

    public SshListenerBindingTests()
    {
        var settings = TempWorkspace.ValidSettings();
        settings["EcurepServer"]!["Sites"]!["Europe"]!.AsObject().Remove("Ssh");
        settings["EcurepServer"]!["Sites"]!["Europe"]!["Dialect"] = "plain";
        _workspace = new TempWorkspace(settings);
        Directory.CreateDirectory(_workspace.PathOf("config", "dialects"));
        File.WriteAllText(_workspace.PathOf("config", "dialects", "plain.json"), new JsonObject { ["Banner"] = new JsonArray("FTPS banner") }.ToJsonString());
        File.WriteAllText(_workspace.PathOf("config", "dialects", "seed.json"), new JsonObject
        {
            ["Banner"] = new JsonArray("FTPS banner"),
            ["SftpBanner"] = new JsonArray("Welcome to the IBM Centralized Customer Data Repository (ECuRep).", "   LOGIN"),
            ["SftpAuthenticationMethods"] = new JsonArray("publickey", "password"),
        }.ToJsonString());
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void UnsetListsAreTheEnginesAndTheBannerLinesReachTheEngine()
    {
        var ssh = Bind($"{Europe}:Ssh:BindAddress=127.0.0.1", $"{Europe}:Ssh:Port=0", $"{Europe}:Ssh:Banner:0=Welcome", $"{Europe}:Ssh:Banner:1=", $"{Europe}:Ssh:Banner:2=ready");

        Assert.Equal((IPAddress.Loopback, 0), (ssh.BindAddress, ssh.Port));
        Assert.Equal(SshServerOptions.DefaultCiphers, ssh.Ciphers);
        Assert.Equal(SshServerOptions.DefaultKexAlgorithms, ssh.KexAlgorithms);
        Assert.Equal(["Welcome", "", "ready"], ssh.Banner);
    }

    [Fact]
    public void ANarrowedListReplacesTheEnginesInItsOrderAndNoBannerSendsNone()
    {
        var ssh = Bind($"{Europe}:Ssh:Ciphers:0=aes256-ctr", $"{Europe}:Ssh:Ciphers:1=aes128-gcm@openssh.com");

        Assert.Equal(["aes256-ctr", "aes128-gcm@openssh.com"], ssh.Ciphers);
        Assert.Empty(ssh.Banner);
        Assert.Equal(SshServerOptions.DefaultAuthenticationMethods, ssh.AuthenticationMethods);
        Assert.Equal((IPAddress.IPv6Any, 2222), (ssh.BindAddress, ssh.Port));
    }

    [Fact]
    public void LimitsArePassedOnAndDefaultToTheEnginesOwn()
    {
        var configured = Bind(
            $"{Europe}:Ssh:DeadClientTimeout=00:00:30",
            $"{Europe}:Ssh:IdleTimeout=00:05:00",
            $"{Europe}:Ssh:TotalChannelWindowBytes={64L * 1024 * 1024}",
            $"{Europe}:Ssh:MaxClientKeyExchangesPerMinute=3",
            $"{Europe}:Ssh:MaxChannelWindowBytesPerConnection={8L * 1024 * 1024}",
            $"{Europe}:Ssh:MaxChannelWindowBytesPerAddress={32L * 1024 * 1024}");
        var defaults = Bind();

        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)), (configured.DeadClientTimeout, configured.IdleTimeout));
        Assert.Equal(64L * 1024 * 1024, configured.TotalChannelWindowBytes);
        Assert.Equal(3, configured.MaxClientKeyExchangesPerMinute);
        Assert.Equal((8L * 1024 * 1024, 32L * 1024 * 1024), (configured.MaxChannelWindowBytesPerConnection, configured.MaxChannelWindowBytesPerAddress));
        Assert.Equal(new SshServerOptions().MaxChannelWindowBytesPerAddress, defaults.MaxChannelWindowBytesPerAddress);
        Assert.Equal(new SshServerOptions().MaxClientKeyExchangesPerMinute, defaults.MaxClientKeyExchangesPerMinute);
        Assert.Equal(new SshServerOptions().DeadClientTimeout, defaults.DeadClientTimeout);
        Assert.Equal(new SshServerOptions().TotalChannelWindowBytes, defaults.TotalChannelWindowBytes);
    }

    [Fact]
    public void TheDialectGivesTheBannerAndTheMethodsUnlessTheSiteHasItsOwn()
    {
        var fromDialect = Bind($"{Europe}:Dialect=seed");
        var fromSite = Bind($"{Europe}:Dialect=seed", $"{Europe}:Ssh:Banner:0=Site banner", $"{Europe}:Ssh:AuthenticationMethods:0=keyboard-interactive");

        Assert.Equal(["Welcome to the IBM Centralized Customer Data Repository (ECuRep).", "   LOGIN"], fromDialect.Banner);
        Assert.Equal(["publickey", "password"], fromDialect.AuthenticationMethods);
        Assert.Equal(["Site banner"], fromSite.Banner);
        Assert.Equal(["keyboard-interactive"], fromSite.AuthenticationMethods);
    }

    [Fact]
    public void TheFormerSftpKeysStillConfigureTheSshListener()
    {
        var ssh = Bind(
            $"{Europe}:Sftp:Enabled=false",
            $"{Europe}:Sftp:BindAddress=127.0.0.1",
            $"{Europe}:Sftp:Port=2300",
            $"{Europe}:Sftp:IdleTimeout=00:05:00",
            $"{Europe}:Sftp:Macs:0=hmac-sha2-512");

        Assert.False(ssh.Enabled);
        Assert.Equal((IPAddress.Loopback, 2300), (ssh.BindAddress, ssh.Port));
        Assert.Equal(TimeSpan.FromMinutes(5), ssh.IdleTimeout);
        Assert.Equal(["hmac-sha2-512"], ssh.Macs);
    }

    [Fact]
    public void WhereBothSetAKeyTheSshKeyWinsKeyByKey()
    {
        var ssh = Bind(
            $"{Europe}:Sftp:Port=2300",
            $"{Europe}:Ssh:Port=2400",
            $"{Europe}:Sftp:MaxAuthFailures=2",
            $"{Europe}:Sftp:Banner:0=Old first line",
            $"{Europe}:Sftp:Banner:1=Old second line",
            $"{Europe}:Ssh:Banner:0=New first line");

        Assert.Equal(2400, ssh.Port);
        Assert.Equal(2, ssh.MaxAuthFailures);
        Assert.Equal(["New first line", "Old second line"], ssh.Banner);
    }

    [Fact]
    public void EachSiteUsingTheFormerNameIsOneWarningNamingBothKeysAndNoUnknownKey()
    {
        using var workspace = new TempWorkspace();

        var inspection = Inspect(
            workspace,
            "--EcurepServer:Sites:Europe:Sftp:Port=2300",
            "--EcurepServer:Sites:Europe:Sftp:IdleTimeout=00:05:00",
            "--EcurepServer:Sites:Asia:Sftp:Enabled=false");

        Assert.Empty(inspection.UnknownKeys);
        Assert.Empty(inspection.Problems);
        Assert.Equal(
            [
                new RenamedConfigurationKey("EcurepServer:Sites:Asia:Sftp", "EcurepServer:Sites:Asia:Ssh"),
                new RenamedConfigurationKey("EcurepServer:Sites:Europe:Sftp", "EcurepServer:Sites:Europe:Ssh"),
            ],
            inspection.RenamedKeys.OrderBy(renamed => renamed.Key, StringComparer.Ordinal));
        Assert.Equal(
            "Configuration key EcurepServer:Sites:Europe:Sftp is now named EcurepServer:Sites:Europe:Ssh; its settings still apply where EcurepServer:Sites:Europe:Ssh does not set them.",
            new RenamedConfigurationKey("EcurepServer:Sites:Europe:Sftp", "EcurepServer:Sites:Europe:Ssh").ToString());
    }

    [Fact]
    public void AValueUnderTheFormerNameIsCheckedLikeTheNewKeyAndValidatedUnderIt()
    {
        using var workspace = new TempWorkspace();

        var inspection = Inspect(workspace, "--EcurepServer:Sites:Europe:Sftp:MaxSessions=many");
        var failures = new EcurepServerOptionsValidator(_workspace.Root).Validate(null, BindAll($"{Europe}:Sftp:MaxSessions=0")).Failures;

        Assert.Equal(["EcurepServer:Sites:Europe:Sftp:MaxSessions: 'many' is not a whole number."], inspection.Problems);
        Assert.Equal(["EcurepServer:Sites:Europe:Ssh:MaxSessions: must be at least 1 (was 0)."], failures);
    }

    private static ConfigurationInspection Inspect(TempWorkspace workspace, params string[] overrides)
    {
        var builder = EcurepHost.CreateBuilder(workspace.Root, overrides);
        return ConfigurationInspection.Of(builder.Configuration, ConfigurationSchema.For(builder.Services));
    }

    private SshListenerOptions Bind(params string[] settings) => BindAll(settings).Sites["Europe"].Ssh;

    private EcurepServerOptions BindAll(params string[] settings) =>
        AppConfiguration.BindOptions(AppConfiguration.Build(_workspace.Root, settings), _workspace.Root);
}
