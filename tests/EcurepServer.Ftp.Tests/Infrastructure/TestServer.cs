using System.Net;
using EcurepServer.Connections;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Tests.Fakes;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>An FtpServer on 127.0.0.1, an ephemeral port and ephemeral passive ports, over the fakes.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly IDropBox _dropBox;

    private TestServer(FtpServer server, FtpServerOptions options, IDropBox dropBox, FakeLoginService logins, ListLogger log, PassivePortPool passivePorts)
    {
        Server = server;
        PassivePorts = passivePorts;
        Options = options;
        _dropBox = dropBox;
        Logins = logins;
        Log = log;
    }

    public FtpServer Server { get; }

    public FtpServerOptions Options { get; }

    /// <summary>The fake drop box the server runs on (unless it was started on another one).</summary>
    public FakeDropBox DropBox => _dropBox as FakeDropBox ?? throw new InvalidOperationException("This server runs on a real Core drop box.");

    public FakeLoginService Logins { get; }

    /// <summary>What the server logged, as <c>Level: message</c> lines.</summary>
    public ListLogger Log { get; }

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

    /// <summary>A server over <paramref name="dropBox"/> (the fake one unless given).</summary>
    /// <param name="certificates">The server's certificates; the ECDSA test certificate when null.</param>
    /// <param name="time">The server's clock; a manual one lets a test reach a timeout without waiting for it.</param>
    /// <param name="transcripts">Where the sessions' transcripts go; none when null.</param>
    /// <param name="guard">The defender the server asks at accept and tells of offences; none when null.</param>
    public static async Task<TestServer> StartAsync(Action<FtpServerOptions>? configure = null, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? certificates = null, IDropBox? dropBox = null, TimeProvider? time = null, ITranscriptSink? transcripts = null, IClientGuard? guard = null, ProxyProtocolGate? proxyProtocol = null)
    {
        var options = new FtpServerOptions
        {
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
        var log = new ListLogger();
        var pools = new PassivePortPools();
        var server = new FtpServer("test", options, certificates ?? [TestCertificate.Instance], logins, dropBox, log, time ?? TimeProvider.System, pools, transcripts)
        {
            Guard = guard ?? NoClientGuard.Instance,
            ProxyProtocol = proxyProtocol ?? ProxyProtocolGate.None,
        };
        await server.StartAsync(CancellationToken.None);
        return new TestServer(server, options, dropBox, logins, log, pools.For(options.PassivePortMin, options.PassivePortMax));
    }

    /// <summary>A client from 127.0.0.1, or from <paramref name="from"/> (127.0.0.2 is another loopback address on Linux).</summary>
    public Task<FtpTestClient> ConnectAsync(IPAddress? from = null, byte[]? prelude = null) => FtpTestClient.ConnectAsync(EndPoint, from, prelude);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
