using System.Net;
using System.Threading.Channels;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>The transport seam in memory: what the test sends arrives as payloads, what the server sends is queued for the test.</summary>
internal sealed class FakeTransport : ISshPacketTransport
{
    private readonly Channel<byte[]> _toServer = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _toClient = Channel.CreateUnbounded<byte[]>();
    private readonly TaskCompletionSource<(SshDisconnectReason Reason, string Description)> _disconnected =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource _dataSendWaiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _dataHold;
    private readonly Lock _arrival = new();
    private volatile bool _broken;
    private volatile bool _holdEverySend;
    private uint _received;

    public string ConnectionId => "test";

    public IPEndPoint RemoteEndPoint { get; } = new(IPAddress.Loopback, 40000);

    public string ClientVersion => "SSH-2.0-Test";

    public ReadOnlyMemory<byte> SessionId { get; } = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public ISshConnectionObserver Observer { get; } = new RecordingSshObserver.Connection("test");

    public string? ClientDisconnect => null;

    public Task<(SshDisconnectReason Reason, string Description)> Disconnected => _disconnected.Task;

    public ChannelReader<byte[]> Sent => _toClient.Reader;

    /// <summary>Completes once a channel data send is waiting behind <see cref="HoldChannelData"/>.</summary>
    public Task DataSendWaiting => _dataSendWaiting.Task;

    /// <summary>
    /// From now on channel data sends wait, as a socket write blocked by a client that does not read does, until
    /// <see cref="ReleaseChannelData"/>. A waiting send whose token is cancelled breaks the connection, as the real
    /// transport does after a cancelled write.
    /// </summary>
    public void HoldChannelData() => _dataHold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>As <see cref="HoldChannelData"/> for every send: the client has stopped reading altogether.</summary>
    public void HoldEverySend()
    {
        _holdEverySend = true;
        HoldChannelData();
    }

    public void ReleaseChannelData() => _dataHold?.TrySetResult();

    public void Deliver(ReadOnlySpan<byte> payload) => _toServer.Writer.TryWrite(payload.ToArray());

    /// <summary>Payloads that arrive in one piece, as packets read from the connection at once: the server takes none before all are there.</summary>
    public void DeliverTogether(IEnumerable<byte[]> payloads)
    {
        lock (_arrival)
        {
            foreach (var payload in payloads)
            {
                _toServer.Writer.TryWrite(payload);
            }
        }
    }

    public Func<ValueTask>? BeforeWaiting { get; set; }

    /// <summary>The client hangs up.</summary>
    public void Close() => _toServer.Writer.TryComplete();

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_toServer.Reader.Count == 0 && BeforeWaiting is { } beforeWaiting)
        {
            await beforeWaiting();
        }

        if (!await _toServer.Reader.WaitToReadAsync(cancellationToken))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        byte[]? payload;
        lock (_arrival)
        {
            if (!_toServer.Reader.TryRead(out payload))
            {
                return ReadOnlyMemory<byte>.Empty;
            }
        }

        _received++;
        return payload;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var copy = payload.ToArray();
        if ((_holdEverySend || copy[0] is SshMessage.ChannelData or SshMessage.ChannelExtendedData) && _dataHold is { } hold)
        {
            _dataSendWaiting.TrySetResult();
            try
            {
                await hold.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _broken = true;
                throw;
            }
        }

        if (_broken || !_toClient.Writer.TryWrite(copy))
        {
            throw new IOException("the connection is closed");
        }
    }

    public async ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await SendAsync(payload, cancellationToken);
        return true;
    }

    public Task WaitForSendRoomAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Payloads count from 0 as sequence numbers, as if no transport message came between them.</summary>
    public ValueTask ReplyUnimplementedAsync(CancellationToken cancellationToken) =>
        SendAsync(new byte[] { SshMessage.Unimplemented, 0, 0, 0, (byte)(_received - 1) }, cancellationToken);

    public ValueTask DisconnectAsync(SshDisconnectReason reason, string description, CancellationToken cancellationToken)
    {
        _disconnected.TrySetResult((reason, description));
        _toClient.Writer.TryComplete();
        _toServer.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _toClient.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
