using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace EcurepServer.TestSupport;

/// <summary>
/// A raw FTP(S) client for protocol, transcript and refusal tests: sends exact lines, reads exact replies, opens data
/// connections by hand (see <see cref="DataTransfers"/>).
/// </summary>
public sealed partial class FtpTestClient : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _tcp;
    private readonly List<string> _conversation = [];
    private Stream _stream;
    private StreamReader _reader;

    private FtpTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = NewReader(_stream);
    }

    public FtpReplyMessage Greeting { get; private set; } = new(0, []);

    /// <summary>Every line this client sent with <see cref="SendAsync"/> ("&gt; " before it) and every reply line it read ("&lt; " before it), in order, as a session transcript shows them.</summary>
    public IReadOnlyList<string> Conversation => _conversation;

    /// <summary>
    /// The server name this client's handshakes send. .NET caches one TLS session per name and resumes it on the data
    /// connections, so each client has a name of its own: with one shared name, concurrent tests would resume each
    /// other's sessions, which the server refuses.
    /// </summary>
    public string TlsName { get; } = NewTlsName();

    public Socket Socket => _tcp.Client;

    /// <summary>The client's end of the control connection, which STAT reports.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_tcp.Client.LocalEndPoint!;

    /// <summary>The control channel's TLS version; None before AUTH.</summary>
    public SslProtocols ControlProtocol => _stream is SslStream tls ? tls.SslProtocol : default;

    /// <summary>The certificate the server presented on the control channel; null before AUTH.</summary>
    public X509Certificate? ServerCertificate => (_stream as SslStream)?.RemoteCertificate;

    public bool IsTls => _stream is SslStream;

    /// <summary>
    /// Connects, from <paramref name="from"/> (another loopback address, say) when given, sends <paramref name="prelude"/>
    /// (a load balancer's PROXY header, say) and reads the greeting.
    /// </summary>
    public static async Task<FtpTestClient> ConnectAsync(IPEndPoint server, IPAddress? from = null, byte[]? prelude = null)
    {
        var tcp = from is null ? new TcpClient(server.AddressFamily) : new TcpClient(new IPEndPoint(from, 0));
        await tcp.ConnectAsync(server);
        if (prelude is not null)
        {
            await tcp.GetStream().WriteAsync(prelude);
        }

        var client = new FtpTestClient(tcp);
        client.Greeting = await client.ReadReplyAsync();
        return client;
    }

    public async Task SendAsync(string line)
    {
        _conversation.Add("> " + line);
        await SendRawAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public async Task<FtpReplyMessage> CommandAsync(string line)
    {
        await SendAsync(line);
        return await ReadReplyAsync();
    }

    public async Task<FtpReplyMessage> ReadReplyAsync()
    {
        var first = await ReadLineAsync() ?? throw new IOException("Connection closed before a reply.");
        var lines = new List<string> { first };
        if (first.Length > 3 && first[3] == '-')
        {
            var end = first[..3] + " ";
            while (true)
            {
                var line = await ReadLineAsync() ?? throw new IOException("Connection closed inside a multi-line reply.");
                lines.Add(line);
                if (line.StartsWith(end, StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        _conversation.AddRange(lines.Select(line => "< " + line));
        return new FtpReplyMessage(int.Parse(first[..3], CultureInfo.InvariantCulture), lines);
    }

    /// <summary>True when the server has closed the control connection (end of stream or reset) before sending a line.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            return await ReadLineAsync() is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>AUTH TLS, asserted to be accepted, and the client side of the handshake; returns the 234.</summary>
    public async Task<FtpReplyMessage> AuthTlsAsync()
    {
        var reply = await CommandAsync("AUTH TLS");
        Assert.Equal(234, reply.Code);
        await StartTlsAsync();
        return reply;
    }

    /// <summary>The client side of the control handshake, after a 234.</summary>
    public async Task StartTlsAsync()
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = TlsName });
        _stream = tls;
        _reader = NewReader(tls);
    }

    /// <summary>
    /// The client side of CCC after its 200: optionally our close_notify, then read up to the server's, then
    /// go on in clear over the same socket.
    /// </summary>
    public async Task ClearTlsAsync(bool sendCloseNotify = true)
    {
        var tls = (SslStream)_stream;
        if (sendCloseNotify)
        {
            await tls.ShutdownAsync();
        }

        var scratch = new byte[256];
        while (await tls.ReadAsync(scratch).AsTask().WaitAsync(ReplyTimeout) > 0)
        {
        }

        _stream = _tcp.GetStream();
        _reader = NewReader(_stream);
    }

    /// <summary>
    /// AUTH TLS, login, PBSZ 0, PROT P (or C) and TYPE I, each asserted to succeed. The default account is the ECuRep
    /// page's example Transfer ID, which the engine tests' login service takes with the password "secret".
    /// </summary>
    public async Task SecureLoginAsync(string user = "E-ABCD12345f", string password = "secret", bool protectData = true)
    {
        await AuthTlsAsync();
        Assert.Equal(331, (await CommandAsync("USER " + user)).Code);
        Assert.Equal(230, (await CommandAsync("PASS " + password)).Code);
        Assert.Equal(200, (await CommandAsync("PBSZ 0")).Code);
        Assert.Equal(200, (await CommandAsync(protectData ? "PROT P" : "PROT C")).Code);
        Assert.Equal(200, (await CommandAsync("TYPE I")).Code);
    }

    /// <summary>EPSV and the endpoint it announced, on the server's address of the control connection.</summary>
    public async Task<IPEndPoint> ExtendedPassiveAsync()
    {
        var reply = await CommandAsync("EPSV");
        Assert.Equal(229, reply.Code);
        var port = int.Parse(EpsvPort().Match(reply.Text).Groups[1].Value, CultureInfo.InvariantCulture);
        return new IPEndPoint(((IPEndPoint)_tcp.Client.RemoteEndPoint!).Address, port);
    }

    /// <summary>PASV and the endpoint it announced.</summary>
    public async Task<IPEndPoint> PassiveAsync()
    {
        var reply = await CommandAsync("PASV");
        Assert.Equal(227, reply.Code);
        return PassiveEndPoint(reply);
    }

    /// <summary>The endpoint a 227 reply announces.</summary>
    public static IPEndPoint PassiveEndPoint(FtpReplyMessage reply)
    {
        var match = PasvNumbers().Match(reply.Text);
        Assert.True(match.Success, reply.ToString());
        var numbers = match.Groups[1].Value.Split(',').Select(n => byte.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        return new IPEndPoint(new IPAddress(numbers.AsSpan(0, 4)), (numbers[4] << 8) | numbers[5]);
    }

    /// <summary>A TCP data connection, optionally from another local address (127.0.0.2 plays a foreign host).</summary>
    public static async Task<Socket> ConnectDataAsync(IPEndPoint endpoint, IPAddress? from = null)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }

        await socket.ConnectAsync(endpoint);
        return socket;
    }

    /// <summary>The client side of a protected data connection, resuming this client's control session as FTPS clients do.</summary>
    public Task<SslStream> ProtectDataAsync(Socket socket) => ProtectDataAsync(socket, TlsName);

    /// <summary>
    /// The client side of a protected data connection under the TLS name <paramref name="tlsName"/>: .NET resumes the
    /// last session it made under that name (the name of another client's control connection resumes that one's
    /// session; a new name makes a fresh handshake).
    /// </summary>
    public static async Task<SslStream> ProtectDataAsync(Socket socket, string tlsName)
    {
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = tlsName });
        return tls;
    }

    /// <summary>A TLS name no session was made under yet.</summary>
    public static string NewTlsName() => $"c{Guid.NewGuid():N}.localhost";

    /// <summary>Closes without QUIT or close_notify, as a killed process does (the kernel sends FIN).</summary>
    public void Kill() => _tcp.Client.Close();

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static StreamReader NewReader(Stream stream) => new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1);

    private async Task<string?> ReadLineAsync() => await _reader.ReadLineAsync().WaitAsync(ReplyTimeout);

    [GeneratedRegex(@"\(\|\|\|(\d+)\|\)")]
    private static partial Regex EpsvPort();

    [GeneratedRegex(@"\((\d+,\d+,\d+,\d+,\d+,\d+)\)")]
    private static partial Regex PasvNumbers();
}
