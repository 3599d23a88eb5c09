using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Quotas;

/// <summary>One holder's daily quota as an upload sees it: charged write by write, up to the last byte left.</summary>
internal sealed class UploadQuota
{
    private readonly UploadQuotas _quotas;
    private readonly DailyUsage _usage;

    internal UploadQuota(UploadQuotas quotas, QuotaHolder holder, long? bytesPerDay, DailyUsage usage)
    {
        _quotas = quotas;
        _usage = usage;
        Holder = holder;
        BytesPerDay = bytesPerDay;
    }

    public QuotaHolder Holder { get; }

    /// <summary>Null when the holder has no quota.</summary>
    public long? BytesPerDay { get; }

    public long UsedToday => _quotas.UsedToday(_usage);

    public bool IsUsedUp => BytesPerDay is { } quota && UsedToday >= quota;

    /// <summary>Counts bytes about to be written today, as many of <paramref name="bytes"/> as are left of the quota; returns that many.</summary>
    public int Charge(int bytes) => _quotas.Charge(_usage, BytesPerDay, bytes);

    public UploadAllowance Allowance(long maxUploadBytes) => new(BytesPerDay, UsedToday, maxUploadBytes);

    public Refusal Exceeded(VirtualPath path)
    {
        var quota = BytesPerDay ?? 0;
        var left = Math.Max(0, quota - UsedToday);
        return new Refusal(RefusalKind.QuotaExceeded, Holder.IsAnonymous
            ? $"Upload quota exceeded: anonymous users together may upload {quota} bytes a day (UTC) and have {left} left today; {path} was not delivered. Upload or resume it after 00:00 UTC, or log in with a Transfer ID."
            : $"Upload quota exceeded: {Holder.Account} may upload {quota} bytes a day (UTC) and has {left} left today; {path} was not delivered. Upload or resume it after 00:00 UTC.");
    }
}
