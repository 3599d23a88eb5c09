using System.Net;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// Notes when a payload last went either way, for the idle timeout. Global requests and their replies do not count:
/// clients send them as keepalives (OpenSSH ServerAliveInterval), which would otherwise keep an idle session forever.
/// </summary>
internal sealed class ActivityTrackingTransport(ISshPacketTransport inner, TimeProvider time) : ISshPacketTransport
{
    private long _lastActivity = time.GetTimestamp();

    public string ConnectionId => inner.ConnectionId;

    public IPEndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public string ClientVersion => inner.ClientVersion;

    public ReadOnlyMemory<byte> SessionId => inner.SessionId;

    public ISshConnectionObserver Observer => inner.Observer;

    public string? ClientDisconnect => inner.ClientDisconnect;

    public TimeSpan IdleTime => time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var payload = await inner.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (payload.IsEmpty || payload.Span[0] != SshMessage.GlobalRequest)
        {
            Touch();
        }

        return payload;
    }

    public Func<ValueTask>? BeforeWaiting
    {
        get => inner.BeforeWaiting;
        set => inner.BeforeWaiting = value;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await inner.SendAsync(payload, cancellationToken).ConfigureAwait(false);
        if (payload.Span[0] is not (SshMessage.RequestSuccess or SshMessage.RequestFailure))
        {
            Touch();
        }
    }

    public async ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var sent = await inner.TrySendAsync(payload, cancellationToken).ConfigureAwait(false);
        if (sent && payload.Span[0] is not (SshMessage.RequestSuccess or SshMessage.RequestFailure))
        {
            Touch();
        }

        return sent;
    }

    public Task WaitForSendRoomAsync(CancellationToken cancellationToken) => inner.WaitForSendRoomAsync(cancellationToken);

    public ValueTask ReplyUnimplementedAsync(CancellationToken cancellationToken) => inner.ReplyUnimplementedAsync(cancellationToken);

    public ValueTask DisconnectAsync(SshDisconnectReason reason, string description, CancellationToken cancellationToken) =>
        inner.DisconnectAsync(reason, description, cancellationToken);

    public ValueTask AbortAsync(SshAbort how) => inner.AbortAsync(how);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Touch() => Interlocked.Exchange(ref _lastActivity, time.GetTimestamp());
}
