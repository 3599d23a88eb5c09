using System.IO.Pipelines;

namespace EcurepServer.Sftp.Protocol;

/// <summary>
/// Writes replies straight into the output pipe, each sized beforehand so it is built in one contiguous span;
/// nothing is allocated per reply. The caller flushes, which is where output back-pressure is felt.
/// </summary>
internal sealed class ReplyWriter(PipeWriter output)
{
    /// <summary>Type byte, request id and data length in front of the bytes of SSH_FXP_DATA.</summary>
    public const int DataHeaderBytes = 1 + 4 + 4;

    private const int HeaderBytes = MessageFraming.LengthBytes + 1 + 4;

    private Memory<byte> _data;

    public long UnflushedBytes { get; private set; }

    /// <summary>Replies written so far; with the <c>Last</c> fields, what a request was answered, for the transcript.</summary>
    public long Count { get; private set; }

    public MessageType LastType { get; private set; }

    /// <summary>The code of the last reply when it was a STATUS.</summary>
    public StatusCode LastStatus { get; private set; }

    /// <summary>The message of the last reply when it was a STATUS.</summary>
    public string? LastMessage { get; private set; }

    /// <summary>The handle of the last reply when it was a HANDLE.</summary>
    public uint? LastHandle { get; private set; }

    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        UnflushedBytes = 0;
        return output.FlushAsync(cancellationToken);
    }

    public void Version(uint version, IReadOnlyList<(string Name, string Data)> extensions)
    {
        var size = HeaderBytes + extensions.Sum(e => SpanWriter.MaxStringBytes(e.Name) + SpanWriter.MaxStringBytes(e.Data));
        var writer = Begin(size, MessageType.Version);
        writer.UInt32(version);
        foreach (var (name, data) in extensions)
        {
            writer.String(name);
            writer.String(data);
        }

        End(ref writer);
    }

    public void Status(uint id, StatusCode code, string message)
    {
        var writer = Begin(HeaderBytes + 4 + SpanWriter.MaxStringBytes(message) + 4, MessageType.Status, id);
        LastStatus = code;
        LastMessage = message;
        writer.UInt32((uint)code);
        writer.String(message);
        writer.String(""u8);
        End(ref writer);
    }

    /// <summary>A STATUS message cut short after its id: no client can decode it (a corrupt-reply fault).</summary>
    public void CorruptStatus(uint id)
    {
        var writer = Begin(HeaderBytes, MessageType.Status, id);
        End(ref writer);
    }

    public void Handle(uint id, uint handle)
    {
        var writer = Begin(HeaderBytes + 8, MessageType.Handle, id);
        LastHandle = handle;
        writer.UInt32(sizeof(uint));
        writer.UInt32(handle);
        End(ref writer);
    }

    public void Attrs(uint id, SftpAttributes attributes)
    {
        var writer = Begin(HeaderBytes + SftpAttributes.MaxEncodedBytes, MessageType.Attrs, id);
        attributes.Write(ref writer);
        End(ref writer);
    }

    public void Name(uint id, IReadOnlyList<NameEntry> entries)
    {
        var size = HeaderBytes + 4;
        foreach (var entry in entries)
        {
            size += entry.MaxEncodedBytes;
        }

        var writer = Begin(size, MessageType.Name, id);
        writer.UInt32((uint)entries.Count);
        foreach (var entry in entries)
        {
            writer.String(entry.FileName);
            writer.String(entry.LongName);
            entry.Attributes.Write(ref writer);
        }

        End(ref writer);
    }

    public void ExtendedReply(uint id, ReadOnlySpan<ulong> values)
    {
        var writer = Begin(HeaderBytes + (values.Length * sizeof(ulong)), MessageType.ExtendedReply, id);
        foreach (var value in values)
        {
            writer.UInt64(value);
        }

        End(ref writer);
    }

    /// <summary>Space for the bytes of an SSH_FXP_DATA reply; fill it, then call <see cref="CompleteData"/>.</summary>
    public Memory<byte> GetDataBuffer(int length)
    {
        _data = output.GetMemory(MessageFraming.LengthBytes + DataHeaderBytes + length);
        return _data.Slice(MessageFraming.LengthBytes + DataHeaderBytes, length);
    }

    /// <summary>Writes the header in front of the <paramref name="length"/> bytes put into <see cref="GetDataBuffer"/>.</summary>
    public void CompleteData(uint id, int length)
    {
        var total = MessageFraming.LengthBytes + DataHeaderBytes + length;
        var writer = new SpanWriter(_data.Span);
        _data = default;
        writer.UInt32((uint)(DataHeaderBytes + length));
        writer.Byte((byte)MessageType.Data);
        writer.UInt32(id);
        writer.UInt32((uint)length);
        output.Advance(total);
        UnflushedBytes += total;
        Noted(MessageType.Data);
    }

    private SpanWriter Begin(int maxSize, MessageType type)
    {
        Noted(type);
        var writer = new SpanWriter(output.GetSpan(maxSize));
        writer.UInt32(0);
        writer.Byte((byte)type);
        return writer;
    }

    private SpanWriter Begin(int maxSize, MessageType type, uint id)
    {
        var writer = Begin(maxSize, type);
        writer.UInt32(id);
        return writer;
    }

    private void Noted(MessageType type)
    {
        Count++;
        LastType = type;
        LastMessage = null;
        LastHandle = null;
    }

    private void End(ref SpanWriter writer)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(writer.Written, (uint)(writer.Position - MessageFraming.LengthBytes));
        output.Advance(writer.Position);
        UnflushedBytes += writer.Position;
    }
}
