using System.Net;
using EcurepServer.Ftp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Ftp.Tests;

/// <summary>The engine's options are the one place an FTP setting is checked; each problem names its key below the section.</summary>
public sealed class FtpServerOptionsTests
{
    [Fact]
    public void TheDefaultsAreValid() => Assert.Empty(new FtpServerOptions().Validate("Ftps"));

    [Fact]
    public void EachBadValueIsNamedByItsKeyBelowTheSection()
    {
        var options = new FtpServerOptions
        {
            Port = 70000,
            ListenBacklog = 0,
            PassivePortMin = 100,
            PassiveAddress = IPAddress.IPv6Loopback,
            ControlCloseSettleTime = TimeSpan.FromSeconds(-1),
            LoginMessage = ["fine", "a\tb"],
            Replies = new(StringComparer.OrdinalIgnoreCase) { ["Goodbye"] = "", ["NoSuchText"] = "x" },
        };

        var keys = options.Validate("EcurepServer:Sites:Europe:Ftps").Select(problem => problem[..problem.IndexOf(": ", StringComparison.Ordinal)]);

        Assert.Equal(
            ["Port", "ListenBacklog", "PassivePortMin", "PassiveAddress", "ControlCloseSettleTime", "LoginMessage:1", "Replies:Goodbye", "Replies:NoSuchText"],
            keys.Select(key => key["EcurepServer:Sites:Europe:Ftps:".Length..]));
    }

    [Fact]
    public void TheControlPortMayNotLieInsideThePassiveRange() =>
        Assert.Equal(
            ["Ftps:Port: the control port 50005 lies inside the passive port range 50000-50010."],
            new FtpServerOptions { Port = 50005, PassivePortMin = 50000, PassivePortMax = 50010 }.Validate("Ftps"));

    [Fact]
    public void AServerRefusesOptionsThatAreNotValid()
    {
        var exception = Assert.Throws<ArgumentException>(() => new FtpServer(
            "test", new FtpServerOptions { MaxSessions = 0 }, null, new FakeLoginService(), new FakeDropBox(), NullLoggerFactory.Instance, TimeProvider.System));

        Assert.StartsWith("FtpServerOptions:MaxSessions: must be at least 1 (was 0).", exception.Message, StringComparison.Ordinal);
    }
}
