namespace EcurepServer.TestSupport;

/// <summary>Serves its chunks one per read (a zero-byte read returns at once) and records each read's buffer size.</summary>
public sealed class RecordingStream(params byte[][] chunks) : Stream
{
    private readonly Queue<byte[]> _chunks = new(chunks);

    public List<int> ReadSizes { get; } = [];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ReadSizes.Add(buffer.Length);
        if (buffer.Length == 0 || !_chunks.TryDequeue(out var chunk))
        {
            return ValueTask.FromResult(0);
        }

        chunk.CopyTo(buffer);
        return ValueTask.FromResult(chunk.Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
