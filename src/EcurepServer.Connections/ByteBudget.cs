namespace EcurepServer.Connections;

/// <summary>
/// Bytes that many connections together may hold in memory, reserved before they are taken and given back after:
/// the SSH engine's channel windows, the SFTP subsystem's out-of-order writes. Safe to use from any thread.
/// </summary>
public sealed class ByteBudget(long capacity)
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
