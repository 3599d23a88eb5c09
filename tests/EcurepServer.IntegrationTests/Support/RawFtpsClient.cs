using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>An FTP-over-TLS client that sends exact command lines and returns exact replies, for transcript and refusal tests.</summary>
public sealed partial class RawFtpsClient : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _tcp;
    private readonly List<string> _conversation = [];
    private Stream _stream;
    private StreamReader _reader;

    private RawFtpsClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = NewReader(_stream);
    }

    public FtpReply Greeting { get; private set; } = new(0, []);

    /// <summary>Every line this client sent ("&gt; " before it) and read ("&lt; " before it), in order, as a session transcript shows them.</summary>
    public IReadOnlyList<string> Conversation => _conversation;

    /// <summary>
    /// The server name this client's handshakes send. .NET caches one TLS session per name and resumes it on the data
    /// connections, which the server requires; a name per client keeps concurrent tests from resuming each other's.
    /// </summary>
    public string TlsName { get; } = NewTlsName();

    /// <summary>The client's end of the control connection, which STAT reports.</summary>
    public EndPoint LocalEndPoint => _tcp.Client.LocalEndPoint!;

    public static async Task<RawFtpsClient> ConnectAsync(IPEndPoint server)
    {
        var tcp = new TcpClient(server.AddressFamily);
        await tcp.ConnectAsync(server);
        var client = new RawFtpsClient(tcp);
        client.Greeting = await client.ReadReplyAsync();
        return client;
    }

    public async Task<FtpReply> CommandAsync(string line)
    {
        await SendAsync(line);
        return await ReadReplyAsync();
    }

    public async Task SendAsync(string line)
    {
        _conversation.Add("> " + line);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        await _stream.FlushAsync();
    }

    public async Task<FtpReply> ReadReplyAsync()
    {
        var first = await ReadLineAsync() ?? throw new IOException("The server closed the connection before a reply.");
        var lines = new List<string> { first };
        if (first.Length > 3 && first[3] == '-')
        {
            var end = first[..3] + " ";
            while (true)
            {
                var line = await ReadLineAsync() ?? throw new IOException("The server closed the connection inside a multi-line reply.");
                lines.Add(line);
                if (line.StartsWith(end, StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        _conversation.AddRange(lines.Select(line => "< " + line));
        return new FtpReply(int.Parse(first[..3], CultureInfo.InvariantCulture), lines);
    }

    /// <summary>AUTH TLS and the client side of the handshake; returns the 234.</summary>
    public async Task<FtpReply> AuthTlsAsync()
    {
        var reply = await CommandAsync("AUTH TLS");
        Assert.Equal(234, reply.Code);
        var tls = new SslStream(_stream, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = TlsName });
        _stream = tls;
        _reader = NewReader(tls);
        return reply;
    }

    /// <summary>AUTH TLS, login, PBSZ 0, PROT P and TYPE I, each asserted to succeed.</summary>
    public async Task LoginAsync(string user, string password)
    {
        await AuthTlsAsync();
        Assert.Equal(331, (await CommandAsync("USER " + user)).Code);
        Assert.Equal(230, (await CommandAsync("PASS " + password)).Code);
        Assert.Equal(200, (await CommandAsync("PBSZ 0")).Code);
        Assert.Equal(200, (await CommandAsync("PROT P")).Code);
        Assert.Equal(200, (await CommandAsync("TYPE I")).Code);
    }

    /// <summary>PASV, and the endpoint it announced.</summary>
    public async Task<IPEndPoint> PassiveAsync()
    {
        var reply = await CommandAsync("PASV");
        Assert.Equal(227, reply.Code);
        return ParsePassive(reply);
    }

    public static IPEndPoint ParsePassive(FtpReply reply)
    {
        var match = PassiveNumbers().Match(reply.Text);
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

    /// <summary>The client side of a protected (PROT P) data connection, resuming this client's control session.</summary>
    public Task<SslStream> ProtectDataAsync(Socket socket) => ProtectDataAsync(socket, TlsName);

    /// <summary>
    /// The client side of a protected data connection under the TLS name <paramref name="tlsName"/>: .NET resumes the
    /// last session it made under that name, and makes a fresh handshake under a new one.
    /// </summary>
    public static async Task<SslStream> ProtectDataAsync(Socket socket, string tlsName)
    {
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = tlsName });
        return tls;
    }

    /// <summary>A TLS name no session was made under yet.</summary>
    public static string NewTlsName() => $"c{Guid.NewGuid():N}.localhost";

    /// <summary>True when the server closes the control connection (end of stream or reset) before sending a line.</summary>
    public async Task<bool> ClosedByServerAsync()
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

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static StreamReader NewReader(Stream stream) => new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1);

    private async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        return await _reader.ReadLineAsync(timeout.Token);
    }

    [GeneratedRegex(@"\((\d+,\d+,\d+,\d+,\d+,\d+)\)")]
    private static partial Regex PassiveNumbers();
}
