namespace EcurepServer.Ftp.Session;

internal enum TransferStopReason
{
    None,
    Abort,
    ControlClosed,
    Shutdown,
}

/// <summary>
/// A transfer running beside the control reader, so ABOR and a closed control connection are seen at once.
/// The stop source has no timer and is never disposed, so a late Stop is always safe. It also keeps what the
/// transcript says of its data connection.
/// </summary>
internal sealed class ActiveTransfer(string purpose)
{
    private readonly CancellationTokenSource _stop = new();
    private long _bytes;
    private int _reason;
    private int _dataOpen;

    public CancellationToken Token => _stop.Token;

    /// <summary>What the data connection carries: "upload", "download" or "listing".</summary>
    public string Purpose { get; } = purpose;

    /// <summary>"passive" or "active", once the transfer took the announced channel.</summary>
    public string? Mode { get; set; }

    /// <summary>The client's end of the data connection, once connected.</summary>
    public string? Peer { get; set; }

    /// <summary>When the data connection was made (a <see cref="TimeProvider"/> timestamp); 0 before.</summary>
    public long ConnectedAt { get; set; }

    public Task Completion { get; set; } = Task.CompletedTask;

    public long Bytes => Interlocked.Read(ref _bytes);

    public TransferStopReason StopReason => (TransferStopReason)Volatile.Read(ref _reason);

    /// <summary>
    /// Whether bytes can still move. The transfer outlives its data connection by the commit and the final reply,
    /// and a STAT sent right after that reply must not report it as in progress.
    /// </summary>
    public bool DataOpen => Volatile.Read(ref _dataOpen) == 1;

    public void DataOpened() => Volatile.Write(ref _dataOpen, 1);

    public void DataClosed() => Volatile.Write(ref _dataOpen, 0);

    public void Add(int count) => Interlocked.Add(ref _bytes, count);

    public void Stop(TransferStopReason reason)
    {
        Interlocked.CompareExchange(ref _reason, (int)reason, (int)TransferStopReason.None);
        _stop.Cancel();
    }
}
