using System.Net;
using System.Net.Sockets;
using EcurepServer.Ssh.Connection;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>
/// A one-connection SSH server for tests: the real transport under a tiny stand-in for the layers above, which
/// accepts the ssh-userauth service, refuses every authentication (methods: password) and echoes IGNORE-free
/// traffic nowhere. Enough for a real client to prove version exchange, key exchange, ciphers and MACs.
/// </summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<ISshPacketTransport> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serve;
    private readonly int _floodSenders;
    private Task? _flood;

    public TransportHarness(SshServerOptions? options = null, int floodSenders = 0)
    {
        Options = options ?? new SshServerOptions();
        _floodSenders = floodSenders;
        _listener.Start();
        _serve = ServeAsync();
    }

    public SshServerOptions Options { get; }

    public ListLogger Logger { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What ended the connection on the server side: null for a clean end, else the exception.</summary>
    public Task<Exception?> Outcome => _outcome.Task;

    public Task<ISshPacketTransport> Accepted => _accepted.Task;

    public int ServiceRequests { get; private set; }

    public int AuthRequests { get; private set; }

    /// <summary>Payloads the stand-in upper layer saw, as message numbers.</summary>
    public List<byte> Received { get; } = [];

    private readonly TaskCompletionSource<Exception?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _serve;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        ISshPacketTransport? transport = null;
        try
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            transport = await SshTransport.AcceptAsync(
                client.GetStream(), new NoConnectionObserver("test"), (IPEndPoint)client.Client.RemoteEndPoint!, Options, TestHostKeys.All, Logger, _stop.Token);
            _accepted.TrySetResult(transport);
            await AnswerAsync(transport);
            if (_flood is not null)
            {
                await _flood;
            }

            _outcome.TrySetResult(null);
        }
        catch (Exception ex)
        {
            _accepted.TrySetException(ex);
            _outcome.TrySetResult(ex);
        }
        finally
        {
            if (transport is not null)
            {
                await transport.DisposeAsync();
            }
        }
    }

    private async Task AnswerAsync(ISshPacketTransport transport)
    {
        var reply = new SshWriter();
        while (true)
        {
            var payload = await transport.ReceiveAsync(_stop.Token);
            if (payload.IsEmpty)
            {
                return;
            }

            Received.Add(payload.Span[0]);
            reply.Reset();
            switch (payload.Span[0])
            {
                case SshMessage.ServiceRequest:
                    ServiceRequests++;
                    reply.Byte(SshMessage.ServiceAccept).Utf8("ssh-userauth");
                    break;
                case SshMessage.UserAuthRequest:
                    AuthRequests++;
                    reply.Byte(SshMessage.UserAuthFailure).NameList(["password"]).Boolean(false);
                    break;
                default:
                    continue;
            }

            await transport.SendAsync(reply.WrittenMemory, _stop.Token);
            if (_floodSenders > 0 && _flood is null && payload.Length > 0 && reply.WrittenSpan[0] == SshMessage.UserAuthFailure)
            {
                _flood = FloodAsync(transport);
            }
        }
    }

    /// <summary>
    /// Several tasks send IGNORE payloads at once (as several channels would send data) while the reader keeps
    /// reading, so small rekey limits make key exchanges run in the middle of concurrent sends; once the fourth
    /// exchange has completed, disconnects.
    /// </summary>
    private async Task FloodAsync(ISshPacketTransport transport)
    {
        var senders = Enumerable.Range(0, _floodSenders).Select(sender => Task.Run(async () =>
        {
            var payload = new SshWriter().Byte(SshMessage.Ignore).Binary(new byte[1024 + sender]).WrittenMemory;
            for (var i = 0; i < 20_000 && !Logger.Lines.Any(line => line.Contains("key exchange 4:", StringComparison.Ordinal)); i++)
            {
                await transport.SendAsync(payload, _stop.Token);
            }
        }));
        await Task.WhenAll(senders);
        await transport.DisconnectAsync(SshDisconnectReason.ByApplication, "flood done", _stop.Token);
    }
}
