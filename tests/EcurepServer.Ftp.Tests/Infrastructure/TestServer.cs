using System.Net;
using EcurepServer.Ftp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>An FtpServer on 127.0.0.1, an ephemeral port and ephemeral passive ports, over the fakes.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(FtpServer server, FtpServerOptions options, FakeDropBox dropBox, FakeLoginService logins)
    {
        Server = server;
        Options = options;
        DropBox = dropBox;
        Logins = logins;
    }

    public FtpServer Server { get; }

    public FtpServerOptions Options { get; }

    public FakeDropBox DropBox { get; }

    public FakeLoginService Logins { get; }

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

    public static async Task<TestServer> StartAsync(Action<FtpServerOptions>? configure = null)
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
        var server = new FtpServer(options, TestCertificate.Instance, logins, dropBox, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(CancellationToken.None);
        return new TestServer(server, options, dropBox, logins);
    }

    public Task<FtpTestClient> ConnectAsync() => FtpTestClient.ConnectAsync(EndPoint);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
