namespace EcurepServer.Ftp.Data;

/// <summary>
/// Sits under an SslStream and records whether the transport itself reached end of stream.
/// Experiment (see SslStreamEndOfStreamTests): when the peer closes TCP without close_notify at a record
/// boundary, .NET 10's SslStream.ReadAsync returns 0 exactly as it does after a close_notify; mid-record it
/// throws IOException. The two clean-looking cases differ only here: after a close_notify SslStream stops
/// reading, so the transport never returned 0; after a bare FIN it did.
/// </summary>
internal sealed class EofTrackingStream(Stream inner) : Stream
{
    public bool TransportEnded { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Track(inner.Read(buffer, offset, count), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Track(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    // A zero-byte read (SslStream uses them to wait for data) returning 0 is not the end of the stream.
    private int Track(int read, int requested)
    {
        if (read == 0 && requested > 0)
        {
            TransportEnded = true;
        }

        return read;
    }
}
