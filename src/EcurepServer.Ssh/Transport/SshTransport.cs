using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using EcurepServer.Ssh.Keys;
using EcurepServer.Ssh.Protocol;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Transport;

/// <summary>
/// The server side of RFC 4253 over one connection. One reader at a time drives <see cref="ReceiveAsync"/>, which
/// also runs key re-exchanges; sends from any number of tasks are serialised by a lock and held back during a
/// key exchange.
/// </summary>
internal sealed partial class SshTransport : ISshPacketTransport
{
    private const string StrictKexClient = "kex-strict-c-v00@openssh.com";
    private const string StrictKexServer = "kex-strict-s-v00@openssh.com";
    private const string ExtInfoClient = "ext-info-c";

    /// <summary>Room beyond the largest packet for its tag and for reading ahead.</summary>
    private const int InputSlack = 64 + (32 * 1024);

    /// <summary>The DISCONNECT text when the host's hook ends the connection.</summary>
    public const string AbortDescription = "connection closed by the server";

    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(5);

    private readonly Stream _stream;
    private readonly SshServerOptions _options;
    private readonly IReadOnlyList<SshHostKey> _hostKeys;
    private readonly ILogger _logger;
    private readonly SshInputBuffer _input;
    private readonly PacketReader _reader;
    private readonly PacketWriter _writer;
    private readonly string _serverVersion;
    private byte[]? _sessionId;
    private int _closed;
    private bool _clientVersionReceived;
    private uint _lastReceivedSequence;
    private Func<ISshPacketTransport, CancellationToken, ValueTask>? _atKeyExchange;

    private SshTransport(Stream stream, ISshConnectionObserver observer, IPEndPoint remoteEndPoint, SshServerOptions options, IReadOnlyList<SshHostKey> hostKeys, ILogger logger)
    {
        _stream = stream;
        Observer = observer;
        ConnectionId = observer.ConnectionId;
        RemoteEndPoint = remoteEndPoint;
        _options = options;
        _hostKeys = hostKeys;
        _logger = logger;
        _serverVersion = VersionExchange.ServerLine(options.SoftwareVersion);
        _input = new SshInputBuffer(stream, options.MaxPacketSize + 4 + InputSlack);
        _reader = new PacketReader(_input, options.MaxPacketSize);
        _writer = new PacketWriter(stream);
        _lastKeyExchange = Stopwatch.GetTimestamp();
    }

    public string ConnectionId { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public string ClientVersion { get; private set; } = string.Empty;

    public ReadOnlyMemory<byte> SessionId => _sessionId;

    public ISshConnectionObserver Observer { get; }

    public string? ClientDisconnect { get; private set; }

    /// <summary>
    /// Runs the version exchange and the first key exchange (strict kex, EXT_INFO) on <paramref name="stream"/>
    /// and returns the transport ready for SERVICE_REQUEST. Throws <see cref="Protocol.SshProtocolException"/>
    /// (after sending DISCONNECT) or an I/O exception when the client fails. The whole handshake must finish
    /// within <see cref="SshServerOptions.LoginGraceTime"/>.
    /// </summary>
    public static async Task<ISshPacketTransport> AcceptAsync(
        Stream stream,
        ISshConnectionObserver observer,
        IPEndPoint remoteEndPoint,
        SshServerOptions options,
        IReadOnlyList<SshHostKey> hostKeys,
        ILogger logger,
        CancellationToken cancellationToken,
        Func<ISshPacketTransport, CancellationToken, ValueTask>? atKeyExchange = null)
    {
        if (!hostKeys.Any(key => key.SignatureAlgorithms.Any(options.HostKeyAlgorithms.Contains)))
        {
            throw new ArgumentException("no host key serves any of the configured host key algorithms", nameof(hostKeys));
        }

        var transport = new SshTransport(stream, observer, remoteEndPoint, options, hostKeys, logger) { _atKeyExchange = atKeyExchange };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.LoginGraceTime);
        try
        {
            await transport.HandshakeAsync(deadline.Token).ConfigureAwait(false);
            return transport;
        }
        catch (SshProtocolException ex)
        {
            await transport.FailAsync(ex).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var timeout = new SshProtocolException(
                SshDisconnectReason.ProtocolError, $"version and key exchange not finished within the login grace time of {options.LoginGraceTime}");
            await transport.FailAsync(timeout).ConfigureAwait(false);
            throw timeout;
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var payload = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                switch (payload.Span[0])
                {
                    case SshMessage.KexInit:
                        await RunKeyExchangeAsync(payload.ToArray(), initial: false, cancellationToken).ConfigureAwait(false);
                        continue;
                    case SshMessage.Ignore or SshMessage.Debug or SshMessage.Unimplemented:
                        continue;
                    case SshMessage.Disconnect:
                        LogClientDisconnect(payload.Span);
                        return ReadOnlyMemory<byte>.Empty;
                    case SshMessage.NewKeys or (>= 30 and <= 49):
                        throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"key exchange message {payload.Span[0]} outside a key exchange");
                    default:
                        _lastReceivedSequence = unchecked(_reader.Sequence - 1);
                        await StartRekeyIfDueAsync(cancellationToken).ConfigureAwait(false);
                        return payload;
                }
            }
        }
        catch (SshProtocolException ex)
        {
            await FailAsync(ex).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is EndOfStreamException or ClientDisconnectedException)
        {
            Interlocked.Exchange(ref _closed, 1);
            return ReadOnlyMemory<byte>.Empty;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException && Volatile.Read(ref _closed) == 1)
        {
            // Closed on this side (DisconnectAsync from another task) while the read was pending.
            return ReadOnlyMemory<byte>.Empty;
        }
    }

    public Func<ValueTask>? BeforeWaiting
    {
        get => _reader.BeforeWaiting;
        set => _reader.BeforeWaiting = value;
    }

    public ValueTask ReplyUnimplementedAsync(CancellationToken cancellationToken)
    {
        var message = new SshWriter(8).Byte(SshMessage.Unimplemented).UInt32(_lastReceivedSequence);
        return SendAsync(message.WrittenMemory, cancellationToken);
    }

    public async ValueTask DisconnectAsync(SshDisconnectReason reason, string description, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        if (_clientVersionReceived)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(DisconnectTimeout);
            var message = new SshWriter(64 + description.Length).Byte(SshMessage.Disconnect).UInt32((uint)reason).Utf8(description).Utf8(string.Empty);
            try
            {
                await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await _writer.WriteAsync(message.WrittenSpan, timeout.Token).ConfigureAwait(false);
                    await _stream.FlushAsync(timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Best effort: the peer may be gone or not reading.
            }
        }

        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Ends the connection for the host's hook: with DISCONNECT, with a plain close, or with a reset.</summary>
    public async ValueTask AbortAsync(SshAbort how)
    {
        if (how == SshAbort.Disconnect)
        {
            await DisconnectAsync(SshDisconnectReason.ByApplication, AbortDescription, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        Interlocked.Exchange(ref _closed, 1);
        if (how == SshAbort.Reset && _stream is Connection.AbortableNetworkStream abortable)
        {
            abortable.Reset();
        }

        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection; called by the owner once nothing reads any more, so the incoming cipher goes too.</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _closed, 1);
        await CloseAsync().ConfigureAwait(false);
        _reader.Dispose();
    }

    /// <summary>
    /// Closes the stream, fails senders waiting on a key exchange and, once a sender blocked on the stream has given
    /// up the send lock, returns what the sending side holds: held payloads, the packet buffer, the outgoing cipher.
    /// </summary>
    private async ValueTask CloseAsync()
    {
        StopReExchangeDeadline();
        FailHeldSends(new ObjectDisposedException(nameof(SshTransport), "the SSH connection is closed"));
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (!await _sendLock.WaitAsync(DisconnectTimeout).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            ReturnHeldBuffersLocked();
            _writer.Dispose();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask FailAsync(SshProtocolException ex)
    {
        TransportLog.ProtocolFault(_logger, ConnectionId, RemoteEndPoint, ex.Reason, ex.Message);
        await DisconnectAsync(ex.Reason, ex.Message, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        await VersionExchange.WriteAsync(_stream, _serverVersion, cancellationToken).ConfigureAwait(false);
        ClientVersion = await VersionExchange.ReadClientLineAsync(_input, _options, cancellationToken).ConfigureAwait(false);
        _clientVersionReceived = true;
        TransportLog.ClientVersion(_logger, ConnectionId, RemoteEndPoint, VersionExchange.Printable(ClientVersion));
        Observer.VersionsExchanged(ClientVersion, _serverVersion);
        await SendKexInitIfIdleAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var payload = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (payload.Span[0])
            {
                case SshMessage.KexInit:
                    if (_atKeyExchange is { } atKeyExchange)
                    {
                        await atKeyExchange(this, cancellationToken).ConfigureAwait(false);
                    }

                    await RunKeyExchangeAsync(payload.ToArray(), initial: true, cancellationToken).ConfigureAwait(false);
                    return;
                case SshMessage.Ignore or SshMessage.Debug or SshMessage.Unimplemented:
                    continue;
                case SshMessage.Disconnect:
                    LogClientDisconnect(payload.Span);
                    throw new IOException("the client disconnected before the key exchange");
                default:
                    throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"message {payload.Span[0]} before KEXINIT");
            }
        }
    }

    private void LogClientDisconnect(ReadOnlySpan<byte> payload)
    {
        uint reason = 0;
        var description = string.Empty;
        try
        {
            var reader = new SshReader(payload[1..]);
            reason = reader.ReadUInt32();
            description = VersionExchange.Printable(reader.ReadUtf8());
        }
        catch (SshProtocolException)
        {
            description = "(malformed DISCONNECT)";
        }

        Interlocked.Exchange(ref _closed, 1);
        ClientDisconnect = description;
        TransportLog.ClientDisconnected(_logger, ConnectionId, RemoteEndPoint, reason, description);
    }
}
