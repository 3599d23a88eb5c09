namespace EcurepServer.Core.Quotas;

/// <summary>The bytes one holder uploaded on <see cref="Day"/>; only the current day is kept. Guarded by <see cref="UploadQuotas"/>.</summary>
internal sealed class DailyUsage
{
    public DateOnly Day { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>The bytes of <paramref name="today"/>: a count from an earlier day starts over at 0.</summary>
    public long On(DateOnly today)
    {
        if (Day != today)
        {
            Day = today;
            Bytes = 0;
        }

        return Bytes;
    }

    public void Add(DateOnly today, long bytes) => Bytes = On(today) + bytes;
}
