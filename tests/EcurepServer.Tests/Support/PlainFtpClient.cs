using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EcurepServer.Tests.Support;

/// <summary>Just enough of an FTP client to read a greeting and log in on a clear control connection.</summary>
public sealed class PlainFtpClient : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);

    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;
    private readonly Stream _stream;

    private PlainFtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.UTF8, false, 1);
    }

    public IReadOnlyList<string> Greeting { get; private set; } = [];

    public static async Task<PlainFtpClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var client = new PlainFtpClient(tcp);
        client.Greeting = await client.ReadReplyAsync();
        return client;
    }

    public async Task<IReadOnlyList<string>> CommandAsync(string line)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        return await ReadReplyAsync();
    }

    public void Dispose() => _tcp.Dispose();

    private async Task<IReadOnlyList<string>> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync().WaitAsync(ReplyTimeout) ?? throw new IOException("Connection closed before a reply.");
            lines.Add(line);
            var code = int.Parse(lines[0][..3], CultureInfo.InvariantCulture);
            if (line.StartsWith(code.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal))
            {
                return lines;
            }
        }
    }
}
