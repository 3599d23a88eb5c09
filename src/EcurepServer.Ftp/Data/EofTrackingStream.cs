namespace EcurepServer.Ftp.Data;

/// <summary>
/// Sits under an SslStream and records whether the transport itself reached end of stream.
/// Experiment (see SslStreamEndOfStreamTests): when the peer closes TCP without close_notify at a record
/// boundary, .NET 10's SslStream.ReadAsync returns 0 exactly as it does after a close_notify; mid-record it
/// throws IOException. The two clean-looking cases differ only here: after a close_notify SslStream stops
/// reading, so the transport never returned 0; after a bare FIN it did.
/// </summary>
internal sealed class EofTrackingStream(Stream inner) : ReadWrappingStream(inner)
{
    public bool TransportEnded { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Track(Inner.Read(buffer, offset, count), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Track(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

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
