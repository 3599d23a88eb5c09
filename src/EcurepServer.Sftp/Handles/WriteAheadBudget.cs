using EcurepServer.Connections;

namespace EcurepServer.Sftp.Handles;

/// <summary>
/// The bytes of out-of-order writes one session may hold in memory, shared by its uploads, within what all
/// sessions of the server together may hold.
/// </summary>
internal sealed class WriteAheadBudget(int maxBytes, ByteBudget server)
{
    public int MaxBytes => maxBytes;

    public long ServerMaxBytes => server.Capacity;

    public long UsedBytes { get; private set; }

    public WriteAheadRoom TryReserve(int bytes)
    {
        if (bytes > maxBytes - UsedBytes)
        {
            return WriteAheadRoom.SessionFull;
        }

        if (!server.TryReserve(bytes))
        {
            return WriteAheadRoom.ServerFull;
        }

        UsedBytes += bytes;
        return WriteAheadRoom.Reserved;
    }

    public void Release(int bytes)
    {
        UsedBytes -= bytes;
        server.Release(bytes);
    }
}

internal enum WriteAheadRoom
{
    Reserved,
    SessionFull,
    ServerFull,
}
