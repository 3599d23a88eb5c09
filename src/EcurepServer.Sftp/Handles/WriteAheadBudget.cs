namespace EcurepServer.Sftp.Handles;

/// <summary>The bytes of out-of-order writes one session may hold in memory, shared by its uploads.</summary>
internal sealed class WriteAheadBudget(int maxBytes)
{
    public int MaxBytes => maxBytes;

    public long UsedBytes { get; private set; }

    public bool TryReserve(int bytes)
    {
        if (bytes > maxBytes - UsedBytes)
        {
            return false;
        }

        UsedBytes += bytes;
        return true;
    }

    public void Release(int bytes) => UsedBytes -= bytes;
}
