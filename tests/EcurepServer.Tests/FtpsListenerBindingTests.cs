using System.Net;
using System.Text.Json.Nodes;
using EcurepServer.Ftp;
using EcurepServer.Settings;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

/// <summary>"Sites:&lt;Name&gt;:Ftps" binds straight onto the FTP engine's options, over the texts of the site's dialect.</summary>
public sealed class FtpsListenerBindingTests : IDisposable
{
    private const string Europe = "--EcurepServer:Sites:Europe";

    private readonly TempWorkspace _workspace;

    public FtpsListenerBindingTests()
    {
        var settings = TempWorkspace.ValidSettings();
        settings["EcurepServer"]!["Sites"]!["Europe"]!["Ftps"]!.AsObject().Remove("Banner");
        settings["EcurepServer"]!["Sites"]!["Europe"]!["Dialect"] = "test";
        _workspace = new TempWorkspace(settings);
        Directory.CreateDirectory(_workspace.PathOf("config", "dialects"));
        File.WriteAllText(_workspace.PathOf("config", "dialects", "test.json"), new JsonObject
        {
            ["Banner"] = new JsonArray("Hello from {host}", "FTPS server {host} ready"),
            ["LoginMessage"] = new JsonArray("Dialect login line"),
            ["Replies"] = new JsonObject { ["Goodbye"] = "Farewell.", ["TypeImage"] = "Type set to I." },
        }.ToJsonString());
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void TheSiteSettingsReachTheEngine()
    {
        var site = Bind(
            $"{Europe}:Ftps:BindAddress=127.0.0.1",
            $"{Europe}:Ftps:PassivePortMin=50000",
            $"{Europe}:Ftps:PassivePortMax=50010",
            $"{Europe}:Ftps:PassiveAddress=192.0.2.10",
            $"{Europe}:Ftps:IdleTimeout=00:03:00",
            $"{Europe}:Ftps:LoginGraceTime=00:00:40",
            $"{Europe}:Ftps:DeadClientTimeout=00:00:45",
            $"{Europe}:Ftps:MaxSessions=7",
            $"{Europe}:Ftps:MaxPassivePortsPerAddress=3",
            $"{Europe}:Ftps:Rfc4217Level=Draft",
            $"{Europe}:Ftps:AllowClearCommandChannel=false",
            $"{Europe}:Ftps:RequireTlsSessionReuse=false");

        FtpServerOptions engine = site.Ftps;
        Assert.Equal(IPAddress.Loopback, engine.BindAddress);
        Assert.Equal((0, 50000, 50010), (engine.Port, engine.PassivePortMin, engine.PassivePortMax));
        Assert.Equal(IPAddress.Parse("192.0.2.10"), engine.PassiveAddress);
        Assert.Equal(TimeSpan.FromMinutes(3), engine.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), engine.LoginGraceTime);
        Assert.Equal(TimeSpan.FromSeconds(45), engine.DeadClientTimeout);
        Assert.Equal(7, engine.MaxSessions);
        Assert.Equal(3, engine.MaxPassivePortsPerAddress);
        Assert.Equal(Rfc4217Level.Draft, engine.Rfc4217Level);
        Assert.False(engine.AllowClearCommandChannel);
        Assert.False(engine.RequireTlsSessionReuse);
        Assert.True(engine.RequireTls);
        Assert.True(new FtpServerOptions().RequireTlsSessionReuse);
        Assert.True(engine.AnonymousRequiresProtectedData);
    }

    [Fact]
    public void ANewEngineOptionIsConfiguredAndCheckedWithoutHostCode()
    {
        Assert.Equal(64, Bind($"{Europe}:Ftps:ListenBacklog=64").Ftps.ListenBacklog);
        Assert.Equal(new FtpServerOptions().ListenBacklog, Bind().Ftps.ListenBacklog);

        var failures = new EcurepServerOptionsValidator(_workspace.Root).Validate(null, BindAll($"{Europe}:Ftps:ListenBacklog=0")).Failures;

        Assert.Equal(["EcurepServer:Sites:Europe:Ftps:ListenBacklog: must be between 1 and 65535 (was 0)."], failures);
    }

    [Fact]
    public void TheDialectGivesBannerLoginMessageAndTextsWithTheSiteHostName()
    {
        var site = Bind($"{Europe}:HostNames:0=ftps.ap.ecurep.ibm.com", $"{Europe}:HostNames:1=localhost");

        Assert.Equal(["Hello from ftps.ap.ecurep.ibm.com", "FTPS server ftps.ap.ecurep.ibm.com ready"], site.Ftps.Banner);
        Assert.Equal(["Dialect login line"], site.Ftps.LoginMessage);
        var texts = FtpReplyTexts.With(site.Ftps.Replies);
        Assert.Equal("Farewell.", texts.Goodbye);
        Assert.Equal("Type set to I.", texts.TypeImage);
        Assert.Equal(new FtpReplyTexts().CwdSucceeded, texts.CwdSucceeded);
    }

    [Fact]
    public void TheSitesOwnBannerLoginMessageAndRepliesWinOverTheDialect()
    {
        var site = Bind(
            $"{Europe}:HostNames:0=ftps.ecurep.ibm.com",
            $"{Europe}:Ftps:Banner:0=Site banner on {{host}}",
            $"{Europe}:Ftps:LoginMessage:0=Site login",
            $"{Europe}:Ftps:Replies:goodbye=Bye.");

        Assert.Equal(["Site banner on ftps.ecurep.ibm.com"], site.Ftps.Banner);
        Assert.Equal(["Site login"], site.Ftps.LoginMessage);
        var texts = FtpReplyTexts.With(site.Ftps.Replies);
        Assert.Equal("Bye.", texts.Goodbye);
        Assert.Equal("Type set to I.", texts.TypeImage);
    }

    [Fact]
    public void TheLegacyPlainListenerRunsTheFtpsSettingsOnItsOwnPortWithoutRequiringTls()
    {
        var site = Bind(
            $"{Europe}:Ftps:Port=2121",
            $"{Europe}:Ftps:RequireProtectedData=true",
            $"{Europe}:Ftps:MaxSessions=9",
            $"{Europe}:LegacyPlain:Enabled=true",
            $"{Europe}:LegacyPlain:Port=2120");

        var engine = site.LegacyPlainEngineOptions();

        Assert.Equal(2120, engine.Port);
        Assert.False(engine.RequireTls);
        Assert.False(engine.RequireProtectedData);
        Assert.False(engine.AnonymousRequiresProtectedData);
        Assert.Equal(9, engine.MaxSessions);
        Assert.Equal(["Hello from ftps.example.test", "FTPS server ftps.example.test ready"], engine.Banner);
        Assert.Equal((2121, true, true), (site.Ftps.Port, site.Ftps.RequireTls, site.Ftps.RequireProtectedData));
    }

    [Fact]
    public void AllInterfacesMeansTheEnginesDualStackSocket()
    {
        var site = Bind($"{Europe}:Ftps:BindAddress=::");

        Assert.Equal(IPAddress.IPv6Any, site.Ftps.BindAddress);
        Assert.Null(site.Ftps.PassiveAddress);
    }

    private SiteOptions Bind(params string[] settings) => BindAll(settings).Sites["Europe"];

    private EcurepServerOptions BindAll(params string[] settings) =>
        AppConfiguration.BindOptions(AppConfiguration.Build(_workspace.Root, settings), _workspace.Root);
}
