namespace EcurepServer.Ftp.Tls;

/// <summary>
/// Sits under the server's SslStream and shows the handshake's clear bytes to a <see cref="TlsHandshakeObserver"/>
/// on their way. It also keeps the cipher suite policy where SslStream cannot: when the server's ServerHello picks a
/// suite outside <see cref="TlsPolicy.CipherSuites"/>, the ServerHello is not sent; the client gets a
/// handshake_failure alert and the handshake fails. After the handshake the bytes pass untouched.
/// </summary>
internal sealed class HandshakeObservingStream(Stream inner, TlsHandshakeObserver observer, bool leaveInnerOpen) : Stream
{
    // A fatal handshake_failure alert in a TLS 1.2 record (RFC 5246 7.2).
    private static readonly byte[] HandshakeFailureAlert = [21, 3, 3, 0, 2, 2, 40];

    private bool _observing = true;

    public TlsHandshakeObserver Observer => observer;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The handshake is over; from now on the stream only passes bytes.</summary>
    public void StopObserving()
    {
        _observing = false;
        observer.Stop();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Received(buffer.AsSpan(offset, read));
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Received(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Sending(buffer.AsSpan(offset, count)))
        {
            inner.Write(buffer, offset, count);
            return;
        }

        inner.Write(HandshakeFailureAlert);
        throw SuiteRefused();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Sending(buffer.Span))
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        await inner.WriteAsync(HandshakeFailureAlert, cancellationToken).ConfigureAwait(false);
        throw SuiteRefused();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveInnerOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!leaveInnerOpen)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static IOException SuiteRefused() => new("The TLS handshake chose a cipher suite the server does not allow.");

    private void Received(ReadOnlySpan<byte> data)
    {
        if (_observing)
        {
            observer.FromClient(data);
        }
    }

    /// <summary>Shows the server's bytes to the observer; false when they carry a ServerHello with a suite the policy refuses.</summary>
    private bool Sending(ReadOnlySpan<byte> data)
    {
        if (!_observing)
        {
            return true;
        }

        observer.FromServer(data);
        return observer.ServerHello is not { } hello || TlsPolicy.Allows(hello.CipherSuite);
    }
}
