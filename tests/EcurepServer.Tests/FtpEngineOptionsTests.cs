using System.Net;
using EcurepServer.Settings;

namespace EcurepServer.Tests;

public sealed class FtpEngineOptionsTests
{
    [Fact]
    public void TheSiteSettingsReachTheEngine()
    {
        var ftps = new FtpsOptions
        {
            BindAddress = "127.0.0.1",
            Port = 0,
            PassivePortMin = 50000,
            PassivePortMax = 50010,
            PassiveAddress = "192.0.2.10",
            IdleTimeout = TimeSpan.FromMinutes(3),
            MaxSessions = 7,
            Banner = ["one", "two"],
            LoginMessage = ["hello"],
        };
        ftps.Replies.Goodbye = "Bye.";

        var engine = FtpEngineOptions.From("Asia", ftps);

        Assert.Equal("Asia", engine.SiteName);
        Assert.Equal(IPAddress.Loopback, engine.BindAddress);
        Assert.Equal((0, 50000, 50010), (engine.Port, engine.PassivePortMin, engine.PassivePortMax));
        Assert.Equal(IPAddress.Parse("192.0.2.10"), engine.PassiveAddress);
        Assert.Equal(TimeSpan.FromMinutes(3), engine.IdleTimeout);
        Assert.Equal(7, engine.MaxSessions);
        Assert.Equal(["one", "two"], engine.Banner);
        Assert.Equal(["hello"], engine.LoginMessage);
        Assert.Equal("Bye.", engine.Replies.Goodbye);
    }

    [Fact]
    public void AllInterfacesMeansTheEnginesDualStackSocket()
    {
        var engine = FtpEngineOptions.From("Europe", new FtpsOptions { BindAddress = "::", Banner = ["ready"] });

        Assert.Null(engine.BindAddress);
        Assert.Null(engine.PassiveAddress);
    }
}
