using System.Net;

namespace EcurepServer.Ssh.Transport;

/// <summary>
/// The transport layer as the layers above see it, after the version exchange and the first key exchange:
/// payloads in, payloads out. Key re-exchange, IGNORE, DEBUG and UNIMPLEMENTED stay below this line.
/// </summary>
internal interface ISshPacketTransport : IAsyncDisposable
{
    string ConnectionId { get; }

    IPEndPoint RemoteEndPoint { get; }

    string ClientVersion { get; }

    /// <summary>The exchange hash of the first key exchange (signed in publickey authentication).</summary>
    ReadOnlyMemory<byte> SessionId { get; }

    /// <summary>Follows this connection for the host.</summary>
    ISshConnectionObserver Observer { get; }

    /// <summary>The description of the client's DISCONNECT, once it sent one; null before (or if it never does).</summary>
    string? ClientDisconnect { get; }

    /// <summary>
    /// The next payload for the layers above (first byte: the message number), valid until the next call.
    /// Empty when the peer closed the connection or sent DISCONNECT, or when this side disconnected while the read was
    /// pending. Cancelling it leaves the transport unusable (dispose it). Throws <see cref="Protocol.SshProtocolException"/>
    /// for a protocol fault. Called from one reader at a time.
    /// </summary>
    ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs whenever <see cref="ReceiveAsync"/> is about to wait for the connection (the next packet has not arrived
    /// whole), so the layers above may hold back work that batches (handing data to a program) until then. Null: none.
    /// </summary>
    Func<ValueTask>? BeforeWaiting { get; set; }

    /// <summary>
    /// Sends one payload. Safe to call concurrently: sends are serialised, and held back while a key
    /// re-exchange runs. The payload may be reused once the returned task completes.
    /// </summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one payload as <see cref="SendAsync"/> does, except where that would wait for a key re-exchange to make
    /// room for bulk data (channel data): then it sends nothing and returns false, and the caller tries again after
    /// <see cref="WaitForSendRoomAsync"/>. For callers that hold a lock the reader may need, since only the reader can
    /// finish the exchange.
    /// </summary>
    ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Completes when a payload <see cref="TrySendAsync"/> refused may be tried again.</summary>
    Task WaitForSendRoomAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Answers the payload last returned by <see cref="ReceiveAsync"/> with UNIMPLEMENTED and its sequence number
    /// (RFC 4253 section 11.4): a message the layers above do not handle is refused, and the connection goes on.
    /// </summary>
    ValueTask ReplyUnimplementedAsync(CancellationToken cancellationToken);

    /// <summary>Sends DISCONNECT with the reason (best effort) and closes the connection.</summary>
    ValueTask DisconnectAsync(Protocol.SshDisconnectReason reason, string description, CancellationToken cancellationToken);

    /// <summary>Ends the connection as the host's hook asked: DISCONNECT and close, close only, or reset.</summary>
    ValueTask AbortAsync(SshAbort how) =>
        DisconnectAsync(Protocol.SshDisconnectReason.ByApplication, Transport.SshTransport.AbortDescription, CancellationToken.None);
}
