using System.Buffers;
using System.Runtime.CompilerServices;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Transport;

internal sealed partial class SshTransport
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Queue<(byte[] Buffer, int Length)> _held = new();
    private long _heldBytes;
    private TaskCompletionSource _sendsResumed = CompletedSource();

    /// <summary>
    /// While a key exchange holds sends back, payloads up to this many bytes are copied and queued; beyond it bulk
    /// senders (channel data, IGNORE) wait for the exchange to finish.
    /// </summary>
    private int HeldBytesLimit => 4 * _options.MaxPacketSize;

    /// <summary>
    /// Any other message is queued without waiting, since it may come from the reader, which must keep reading for the
    /// exchange to finish; a client that makes the server queue this much without finishing the exchange is cut off.
    /// </summary>
    private int HeldBytesCap => 2 * HeldBytesLimit;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        while (await SendOrHoldAsync(payload, cancellationToken).ConfigureAwait(false) is { } resumed)
        {
            await resumed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        await SendOrHoldAsync(payload, cancellationToken).ConfigureAwait(false) is null;

    public Task WaitForSendRoomAsync(CancellationToken cancellationToken) => Volatile.Read(ref _sendsResumed).Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Writes the payload, or queues it while a key exchange holds sends back; null when done. When the payload is bulk
    /// and the hold has no room for it, sends nothing and returns the task to wait for before trying again.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Task?> SendOrHoldAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.IsEmpty)
        {
            throw new ArgumentException("a payload has at least its message number", nameof(payload));
        }

        Task resumed;
        bool bulk;
        long held;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (_localKexInit is null)
            {
                await WriteLockedAsync(payload, cancellationToken).ConfigureAwait(false);
                await StartRekeyIfDueLockedAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }

            bulk = payload.Span[0] is SshMessage.ChannelData or SshMessage.ChannelExtendedData or SshMessage.Ignore;
            if (_heldBytes + payload.Length <= (bulk ? HeldBytesLimit : HeldBytesCap))
            {
                var copy = ArrayPool<byte>.Shared.Rent(payload.Length);
                payload.CopyTo(copy);
                _held.Enqueue((copy, payload.Length));
                _heldBytes += payload.Length;
                return null;
            }

            resumed = _sendsResumed.Task;
            held = _heldBytes;
        }
        finally
        {
            _sendLock.Release();
        }

        if (!bulk)
        {
            await FailAsync(new SshProtocolException(
                SshDisconnectReason.ProtocolError,
                $"more than {HeldBytesCap} bytes held back while the client does not finish the key exchange")).ConfigureAwait(false);
            ThrowIfClosed();
        }

        TransportLog.BulkSendWaits(_logger, ConnectionId, held);
        return resumed;
    }

    /// <summary>
    /// Writes one packet; the caller holds the send lock. A failed write leaves the stream unusable, so the connection is
    /// marked closed; once closed, nothing is written (the packet writer may be disposed).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteLockedAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfClosed();
            await _writer.WriteAsync(payload.Span, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Exchange(ref _closed, 1);
            throw;
        }
    }

    /// <summary>Sends what was held back during the key exchange, in order, and lets waiting senders go on.</summary>
    private async ValueTask ReleaseHeldSendsLockedAsync(CancellationToken cancellationToken)
    {
        while (_held.TryDequeue(out var held))
        {
            _heldBytes -= held.Length;
            try
            {
                await WriteLockedAsync(held.Buffer.AsMemory(0, held.Length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(held.Buffer);
            }
        }

        _sendsResumed.TrySetResult();
    }

    private void FailHeldSends(Exception reason) => _sendsResumed.TrySetException(reason);

    private void ReturnHeldBuffersLocked()
    {
        while (_held.TryDequeue(out var held))
        {
            ArrayPool<byte>.Shared.Return(held.Buffer);
        }

        _heldBytes = 0;
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) == 1)
        {
            throw new IOException("the SSH connection is closed");
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private static byte[] ExtInfoMessage() => new SshWriter(160)
        .Byte(SshMessage.ExtInfo).UInt32(1).Utf8("server-sig-algs")
        .Utf8("ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256")
        .WrittenSpan.ToArray();
}
