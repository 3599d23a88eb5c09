using System.Buffers;
using System.Buffers.Binary;

namespace EcurepServer.Sftp.Protocol;

internal enum FrameResult
{
    Incomplete,
    Message,
    TooLarge,
    Empty,
}

/// <summary>Splits the input into SFTP messages: a 4-byte length, then that many bytes (type first).</summary>
internal static class MessageFraming
{
    public const int LengthBytes = 4;

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>. The length is checked against
    /// <paramref name="maxLength"/> before anything waits for the body, so an oversized message never fills memory.
    /// </summary>
    public static FrameResult TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> message, out uint length)
    {
        message = default;
        length = 0;
        if (buffer.Length < LengthBytes)
        {
            return FrameResult.Incomplete;
        }

        Span<byte> prefix = stackalloc byte[LengthBytes];
        buffer.Slice(0, LengthBytes).CopyTo(prefix);
        length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length > (uint)maxLength)
        {
            return FrameResult.TooLarge;
        }

        if (length == 0)
        {
            return FrameResult.Empty;
        }

        if (buffer.Length - LengthBytes < length)
        {
            return FrameResult.Incomplete;
        }

        message = buffer.Slice(LengthBytes, length);
        buffer = buffer.Slice(message.End);
        return FrameResult.Message;
    }
}
