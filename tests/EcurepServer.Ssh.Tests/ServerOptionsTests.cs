using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

public sealed class ServerOptionsTests
{
    public static TheoryData<string> BadOptions => ["window", "initial-window", "packet", "failures", "sessions", "total", "grace", "rekey", "budget", "client-rekeys", "connection-share", "address-share", "no-methods", "unknown-method"];

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void UnsafeLimitsAreRefusedAtConstruction(string which)
    {
        var options = new SshServerOptions();
        switch (which)
        {
            case "window":
                options.ChannelWindowSize = 1024 * 1024;
                break;
            case "initial-window":
                options.ChannelInitialWindowSize = options.ChannelWindowSize + 1;
                break;
            case "packet":
                options.ChannelMaxPacketSize = (uint)options.MaxPacketSize;
                break;
            case "failures":
                options.MaxAuthFailures = 0;
                break;
            case "sessions":
                options.MaxSessionsPerAddress = 0;
                break;
            case "total":
                options.MaxSessions = 0;
                break;
            case "rekey":
                options.KeyReExchangeTimeout = TimeSpan.Zero;
                break;
            case "connection-share":
                options.MaxChannelWindowBytesPerConnection = options.ChannelInitialWindowSize - 1;
                break;
            case "address-share":
                options.MaxChannelWindowBytesPerAddress = 0;
                break;
            case "no-methods":
                options.AuthenticationMethods = [];
                break;
            case "unknown-method":
                options.AuthenticationMethods = ["password", "hostbased"];
                break;
            case "client-rekeys":
                options.MaxClientKeyExchangesPerMinute = 0;
                break;
            case "budget":
                options.TotalChannelWindowBytes = options.ChannelInitialWindowSize - 1;
                break;
            default:
                options.LoginGraceTime = TimeSpan.Zero;
                break;
        }

        Assert.Throws<ArgumentException>(() => new SshServer(options, TestHostKeys.All, new TestAuthenticator("u", "p"), new Dictionary<string, ISshSubsystemHandler>()));
    }

    [Fact]
    public void TheDefaultsAreValid() => Assert.Empty(new SshServerOptions().Validate("Ssh"));

    [Fact]
    public void EachBadValueIsNamedByItsKeyBelowTheSection()
    {
        var options = new SshServerOptions
        {
            SoftwareVersion = "Ecurep Server",
            MaxVersionLineLength = 100,
            MaxPreambleLines = -1,
            MaxPacketSize = 1000,
            ShellRefusalMessage = new string('x', 5000),
            Banner = ["fine", "a\rb"],
            Ciphers = [],
            Macs = ["hmac-sha2-256", "hmac-md5"],
        };

        var keys = options.Validate("EcurepServer:Sites:Europe:Ssh").Select(problem => problem[..problem.IndexOf(": ", StringComparison.Ordinal)]);

        Assert.Equal(
            ["SoftwareVersion", "MaxVersionLineLength", "MaxPreambleLines", "MaxPacketSize", "ChannelMaxPacketSize", "ShellRefusalMessage", "Banner:1", "Ciphers", "Macs:1"],
            keys.Select(key => key["EcurepServer:Sites:Europe:Ssh:".Length..]));
    }

    [Fact]
    public void AServerNeedsAHostKey() =>
        Assert.Throws<ArgumentException>(() => new SshServer(new SshServerOptions(), [], new TestAuthenticator("u", "p"), new Dictionary<string, ISshSubsystemHandler>()));

    [Fact]
    public async Task PortZeroBindsAnOsChosenPort()
    {
        await using var harness = await ServerHarness.StartAsync();

        Assert.NotEqual(0, harness.Server.LocalEndPoint.Port);
    }
}
