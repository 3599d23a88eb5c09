namespace EcurepServer.Core.Quotas;

/// <summary>
/// What a principal may still upload: its quota per UTC day (null: no quota), the bytes it uploaded today, and the
/// largest single upload the drop box takes.
/// </summary>
public sealed record UploadAllowance(long? QuotaBytesPerDay, long UsedToday, long MaxUploadBytes)
{
    /// <summary>Bytes left today; null when there is no quota.</summary>
    public long? RemainingToday => QuotaBytesPerDay is { } quota ? Math.Max(0, quota - UsedToday) : null;

    /// <summary>The largest upload that can be delivered now.</summary>
    public long LargestUpload => Math.Min(RemainingToday ?? long.MaxValue, MaxUploadBytes);
}
