using System.Buffers;
using System.IO.Pipelines;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// The handler's view of a channel's input pipe: every byte it consumes is reported, so the channel can give the
/// client that much window back. Completing it tells the channel that further data can be dropped.
/// </summary>
internal sealed class ChannelInputReader(PipeReader inner, SessionChannel channel) : PipeReader
{
    private ReadOnlySequence<byte> _lastBuffer;

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var count = _lastBuffer.Slice(_lastBuffer.Start, consumed).Length;
        _lastBuffer = default;
        inner.AdvanceTo(consumed, examined);
        channel.OnInputConsumed(count);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        inner.Complete(exception);
        channel.OnInputAbandoned();
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        _lastBuffer = result.Buffer;
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        _lastBuffer = result.Buffer;
        return true;
    }
}
