namespace EcurepServer.TestSupport;

/// <summary>Serves its chunks one per read (a zero-byte read returns at once) and records each read's buffer size.</summary>
public sealed class RecordingStream(params byte[][] chunks) : ReadOnlyTestStream
{
    private readonly Queue<byte[]> _chunks = new(chunks);

    public List<int> ReadSizes { get; } = [];

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
}
