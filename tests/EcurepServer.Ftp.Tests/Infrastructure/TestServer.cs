using System.Net;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>An FtpServer on 127.0.0.1, an ephemeral port and ephemeral passive ports, over the fakes.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(FtpServer server, FtpServerOptions options, FakeDropBox dropBox, FakeLoginService logins, PassivePortPool passivePorts)
    {
        Server = server;
        PassivePorts = passivePorts;
        Options = options;
        DropBox = dropBox;
        Logins = logins;
    }

    public FtpServer Server { get; }

    public FtpServerOptions Options { get; }

    public FakeDropBox DropBox { get; }

    public FakeLoginService Logins { get; }

    public PassivePortPool PassivePorts { get; }

    public IPEndPoint EndPoint => Server.LocalEndPoint!;

    public static readonly string[] Banner =
    [
        "Welcome to the IBM Enhanced Customer Data Repository (ECuRep)",
        "",
        "Connection closed after 15 minutes idle",
        "FTPS server ftps.ecurep.ibm.com ready",
    ];

    public static readonly string[] LoginMessage =
    [
        "Here you can deliver/get support material to/from IBM.",
        "Directories for:",
        " deliver  use command 'cd toibm'",
    ];

    /// <param name="time">The server's clock; a manual one lets a test reach a timeout without waiting for it.</param>
    public static async Task<TestServer> StartAsync(Action<FtpServerOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new FtpServerOptions
        {
            SiteName = "test",
            BindAddress = IPAddress.Loopback,
            Port = 0,
            PassivePortMin = 0,
            PassivePortMax = 0,
            Banner = [.. Banner],
            LoginMessage = [.. LoginMessage],
        };
        configure?.Invoke(options);
        var dropBox = new FakeDropBox();
        var logins = new FakeLoginService();
        var passivePorts = new PassivePortPool(options.PassivePortMin, options.PassivePortMax);
        var server = new FtpServer(options, TestCertificate.Instance, logins, dropBox, NullLoggerFactory.Instance, time ?? TimeProvider.System, passivePorts);
        await server.StartAsync(CancellationToken.None);
        return new TestServer(server, options, dropBox, logins, passivePorts);
    }

    /// <summary>A client from 127.0.0.1, or from <paramref name="from"/> (127.0.0.2 is another loopback address on Linux).</summary>
    public Task<FtpTestClient> ConnectAsync(IPAddress? from = null) => FtpTestClient.ConnectAsync(EndPoint, from);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
