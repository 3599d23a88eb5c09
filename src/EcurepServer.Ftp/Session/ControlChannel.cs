using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Ftp.Protocol;
using EcurepServer.Ftp.Tls;

namespace EcurepServer.Ftp.Session;

/// <summary>
/// The control connection: reads command lines, writes whole replies in one send, and upgrades to TLS on AUTH.
/// Reads and writes may run concurrently (a transfer writes 226 while the session waits for ABOR). Every reply goes
/// into the session's transcript, in the order sent.
/// </summary>
internal sealed class ControlChannel : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly CommandLineReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;
    private readonly TimeSpan _writeTimeout;
    private readonly SessionTranscript _transcript;
    private Stream _stream;

    public ControlChannel(Socket socket, int maxLineBytes, TimeProvider time, TimeSpan writeTimeout, SessionTranscript transcript)
    {
        _socket = socket;
        _network = new NetworkStream(socket, ownsSocket: false);
        _stream = _network;
        _reader = new CommandLineReader(maxLineBytes);
        _reader.Attach(_network);
        _time = time;
        _writeTimeout = writeTimeout;
        _transcript = transcript;
    }

    public SslStream? Tls { get; private set; }

    /// <summary>The TLS session AUTH established, which protected data connections resume; it outlives CCC.</summary>
    public ControlTlsSession? Session { get; private set; }

    public ValueTask<CommandLine> ReadAsync(CancellationToken cancellationToken) => _reader.ReadAsync(cancellationToken);

    public Task SendAsync(FtpReply reply, CancellationToken cancellationToken)
    {
        var lines = ReplyFormatter.Lines(reply);
        return WriteAsync(ReplyFormatter.Join(lines), new ReplyEvent(lines), cancellationToken);
    }

    /// <summary>Sends <paramref name="text"/> as it is, whatever it holds (a deliberately broken reply); the transcript's fault event tells of it.</summary>
    public Task SendTextAsync(string text, CancellationToken cancellationToken) => WriteAsync(text, null, cancellationToken);

    private async Task WriteAsync(string text, ReplyEvent? transcribed, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            using var deadline = new TimeoutSource(_time, _writeTimeout, cancellationToken);
            await _writeLock.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                if (transcribed is not null)
                {
                    _transcript.Write(transcribed);
                }

                await _stream.WriteAsync(buffer.AsMemory(0, length), deadline.Token).ConfigureAwait(false);
                await _stream.FlushAsync(deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Server side of the AUTH handshake, with the certificate the client's ClientHello can take. The caller has
    /// already sent 234 and is not reading, so nothing races the swap; plaintext the client sent after AUTH is
    /// dropped with the old reader.
    /// </summary>
    public async Task UpgradeAsync(TlsCredentials credentials, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var observing = new HandshakeObservingStream(_network, new TlsHandshakeObserver(), leaveInnerOpen: true);
        var tls = new SslStream(observing, leaveInnerStreamOpen: true);
        using var deadline = new TimeoutSource(_time, timeout, cancellationToken);
        var credential = credentials.Default;

        // SslStream asks for the options once it has read the first record, which holds the ClientHello.
        ValueTask<SslServerAuthenticationOptions> ChooseAsync(SslStream stream, SslClientHelloInfo info, object? state, CancellationToken token)
        {
            credential = credentials.Choose(observing.Observer.ClientHello);
            return ValueTask.FromResult(credential.Control);
        }

        try
        {
            await tls.AuthenticateAsServerAsync(ChooseAsync, null, deadline.Token).ConfigureAwait(false);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        observing.StopObserving();
        Session = new ControlTlsSession(credential, observing.Observer);
        Tls = tls;
        _stream = tls;
        _reader.Attach(tls);
    }

    /// <summary>
    /// CCC (RFC 4217 section 6): ends TLS with close_notify and goes on in clear over the same socket. The caller
    /// has sent the 200 under TLS and is not reading. The client's own close_notify arrives in the clear stream's
    /// way; <see cref="TlsRecordSkippingStream"/> drops it, and any other whole record before the first command.
    /// </summary>
    public async Task ClearAsync(TimeSpan timeout)
    {
        var tls = Tls ?? throw new InvalidOperationException("The control channel is not protected.");
        using var deadline = new TimeoutSource(_time, timeout, CancellationToken.None);
        await _writeLock.WaitAsync(deadline.Token).ConfigureAwait(false);
        try
        {
            await tls.ShutdownAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
            Tls = null;
            _stream = _network;
            _reader.Attach(new TlsRecordSkippingStream(_network));
        }
        finally
        {
            _writeLock.Release();
        }

        await tls.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>True when the peer has closed (FIN or reset) and no unread byte is waiting; never blocks.</summary>
    public bool PeerClosed()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Sends close_notify when under TLS (unless <paramref name="closeNotify"/> is false), then FIN; errors mean the peer is gone already.</summary>
    public async Task CloseAsync(bool closeNotify = true)
    {
        try
        {
            using var deadline = new TimeoutSource(_time, TimeSpan.FromSeconds(2), CancellationToken.None);
            if (Tls is not null && closeNotify)
            {
                await Tls.ShutdownAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or InvalidOperationException)
        {
            // Nothing to close politely.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Complete();
        if (Tls is not null)
        {
            await Tls.DisposeAsync().ConfigureAwait(false);
        }

        await _network.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _writeLock.Dispose();
    }
}
