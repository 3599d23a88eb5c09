using System.Net;
using EcurepServer.Core.Sessions;
using EcurepServer.Ftp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>An FtpServer on 127.0.0.1, an ephemeral port and ephemeral passive ports, over the fakes.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly IDropBox _dropBox;

    private TestServer(FtpServer server, FtpServerOptions options, IDropBox dropBox, FakeLoginService logins)
    {
        Server = server;
        Options = options;
        _dropBox = dropBox;
        Logins = logins;
    }

    public FtpServer Server { get; }

    public FtpServerOptions Options { get; }

    /// <summary>The fake drop box the server runs on (unless it was started on another one).</summary>
    public FakeDropBox DropBox => _dropBox as FakeDropBox ?? throw new InvalidOperationException("This server runs on a real Core drop box.");

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

    /// <summary>A server over <paramref name="dropBox"/> (the fake one unless given).</summary>
    public static async Task<TestServer> StartAsync(Action<FtpServerOptions>? configure = null, IDropBox? dropBox = null)
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
        dropBox ??= new FakeDropBox();
        var logins = new FakeLoginService();
        var server = new FtpServer(options, TestCertificate.Instance, logins, dropBox, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(CancellationToken.None);
        return new TestServer(server, options, dropBox, logins);
    }

    public Task<FtpTestClient> ConnectAsync() => FtpTestClient.ConnectAsync(EndPoint);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
