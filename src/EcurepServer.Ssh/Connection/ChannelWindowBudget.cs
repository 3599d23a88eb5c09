namespace EcurepServer.Ssh.Connection;

/// <summary>
/// The receive window all channels of one server may have granted at once. A client may send a channel's whole
/// window before its program reads any of it, so this bounds the channel data clients together can make the server
/// hold in memory: each channel reserves its full window when it opens and gives it back when it is gone.
/// </summary>
internal sealed class ChannelWindowBudget(long capacity)
{
    private long _reserved;

    public long Capacity => capacity;

    public long Reserved => Interlocked.Read(ref _reserved);

    public bool TryReserve(long bytes)
    {
        var reserved = Interlocked.Read(ref _reserved);
        while (bytes <= capacity - reserved)
        {
            var seen = Interlocked.CompareExchange(ref _reserved, reserved + bytes, reserved);
            if (seen == reserved)
            {
                return true;
            }

            reserved = seen;
        }

        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _reserved, -bytes);
}
