using System.Net;
using EcurepServer.Dialects;
using EcurepServer.Ftp;
using EcurepServer.Settings;

namespace EcurepServer.Tests;

public sealed class FtpEngineOptionsTests
{
    private static readonly ReplyDialect Dialect = new(
        "test",
        "test.json",
        ["Hello from {host}", "FTPS server {host} ready"],
        ["Dialect login line"],
        new Dictionary<string, string> { ["Goodbye"] = "Farewell.", ["TypeImage"] = "Type set to I." });

    [Fact]
    public void TheSiteSettingsReachTheEngine()
    {
        var site = new SiteOptions
        {
            HostNames = ["ftps.ap.ecurep.ibm.com"],
            Ftps = new FtpsOptions
            {
                BindAddress = "127.0.0.1",
                Port = 0,
                PassivePortMin = 50000,
                PassivePortMax = 50010,
                PassiveAddress = "192.0.2.10",
                IdleTimeout = TimeSpan.FromMinutes(3),
                LoginGraceTime = TimeSpan.FromSeconds(40),
                DeadClientTimeout = TimeSpan.FromSeconds(45),
                MaxSessions = 7,
                MaxPassivePortsPerAddress = 3,
                Rfc4217Level = Rfc4217Level.Draft,
                AllowClearCommandChannel = false,
                RequireTlsSessionReuse = false,
            },
        };

        var engine = FtpEngineOptions.From("Asia", site, Dialect);

        Assert.Equal("Asia", engine.SiteName);
        Assert.Equal(IPAddress.Loopback, engine.BindAddress);
        Assert.Equal((0, 50000, 50010), (engine.Port, engine.PassivePortMin, engine.PassivePortMax));
        Assert.Equal(IPAddress.Parse("192.0.2.10"), engine.PassiveAddress);
        Assert.Equal(TimeSpan.FromMinutes(3), engine.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), engine.LoginGraceTime);
        Assert.Equal(TimeSpan.FromSeconds(45), engine.DeadClientTimeout);
        Assert.Equal(7, engine.MaxSessions);
        Assert.Equal(3, engine.MaxPassivePortsPerAddress);
        Assert.Equal(Rfc4217Level.Draft, engine.TlsLevel);
        Assert.False(engine.AllowClearCommandChannel);
        Assert.False(engine.RequireTlsSessionReuse);
        Assert.True(engine.RequireTls);
        Assert.True(new FtpsOptions().RequireTlsSessionReuse);
        Assert.True(engine.AnonymousRequiresProtectedData);
    }

    [Fact]
    public void TheDialectGivesBannerLoginMessageAndTextsWithTheSiteHostName()
    {
        var site = new SiteOptions { HostNames = ["ftps.ap.ecurep.ibm.com", "localhost"] };

        var engine = FtpEngineOptions.From("AsiaPacific", site, Dialect);

        Assert.Equal(["Hello from ftps.ap.ecurep.ibm.com", "FTPS server ftps.ap.ecurep.ibm.com ready"], engine.Banner);
        Assert.Equal(["Dialect login line"], engine.LoginMessage);
        Assert.Equal("Farewell.", engine.Replies.Goodbye);
        Assert.Equal("Type set to I.", engine.Replies.TypeImage);
        Assert.Equal(new FtpReplyTexts().CwdSucceeded, engine.Replies.CwdSucceeded);
    }

    [Fact]
    public void TheSitesOwnBannerLoginMessageAndRepliesWinOverTheDialect()
    {
        var site = new SiteOptions
        {
            HostNames = ["ftps.ecurep.ibm.com"],
            Ftps = new FtpsOptions { Banner = ["Site banner on {host}"], LoginMessage = ["Site login"], Replies = new() { ["goodbye"] = "Bye." } },
        };

        var engine = FtpEngineOptions.From("Europe", site, Dialect);

        Assert.Equal(["Site banner on ftps.ecurep.ibm.com"], engine.Banner);
        Assert.Equal(["Site login"], engine.LoginMessage);
        Assert.Equal("Bye.", engine.Replies.Goodbye);
        Assert.Equal("Type set to I.", engine.Replies.TypeImage);
    }

    [Fact]
    public void TheLegacyPlainListenerRunsTheFtpsSettingsOnItsOwnPortWithoutRequiringTls()
    {
        var site = new SiteOptions
        {
            Ftps = new FtpsOptions { Port = 2121, RequireProtectedData = true, MaxSessions = 9 },
            LegacyPlain = new LegacyPlainOptions { Enabled = true, Port = 2120 },
        };

        var engine = FtpEngineOptions.LegacyPlainFrom("Europe", site, Dialect);

        Assert.Equal(2120, engine.Port);
        Assert.False(engine.RequireTls);
        Assert.False(engine.RequireProtectedData);
        Assert.False(engine.AnonymousRequiresProtectedData);
        Assert.Equal(9, engine.MaxSessions);
        Assert.Equal(["Hello from localhost", "FTPS server localhost ready"], engine.Banner);
    }

    [Fact]
    public void AllInterfacesMeansTheEnginesDualStackSocket()
    {
        var engine = FtpEngineOptions.From("Europe", new SiteOptions { Ftps = new FtpsOptions { BindAddress = "::" } }, Dialect);

        Assert.Null(engine.BindAddress);
        Assert.Null(engine.PassiveAddress);
    }
}
