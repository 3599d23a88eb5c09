using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// A small HTTP/1.1 receiver for webhook tests on a loopback port the OS chose: it records each POST (headers and
/// body) and answers 200 with Connection: close. <see cref="Stop"/> takes it down (connections are refused) and
/// <see cref="Start"/> brings it back on the same port.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<WebhookRequest> _requests = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    public WebhookReceiver()
    {
        Start(0);
    }

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public IReadOnlyList<WebhookRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public void Start() => Start(Port);

    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        _listener = null;
    }

    public void Dispose() => Stop();

    private void Start(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _stop = new CancellationTokenSource();
        _ = AcceptAsync(listener, _stop.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new List<byte>();
                var one = new byte[1];
                while (!EndsWithBlankLine(head) && await stream.ReadAsync(one) == 1)
                {
                    head.Add(one[0]);
                }

                var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                var headers = lines.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
                var body = new byte[int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture)];
                await stream.ReadExactlyAsync(body);
                lock (_lock)
                {
                    _requests.Add(new WebhookRequest(lines[0], headers, body));
                }

                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The sender went away; it retries.
            }
        }
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}

public sealed record WebhookRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body);
