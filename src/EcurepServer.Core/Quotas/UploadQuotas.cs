using System.Data.Common;
using System.Globalization;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Quotas;

/// <summary>
/// The bytes each Transfer ID, and all anonymous users together, wrote in the current UTC day, delivered or kept for
/// a resume. Bytes are charged as they are written, so an upload stops where it reaches its quota. Every byte
/// counts once, on the day it was written: a resume does not count the part that was kept, and a partial that is
/// started over or refused gives nothing back. One entry per holder, holding only the current day. The first use
/// after a start counts today's receipts and the partial files last written today (the whole file: which of its bytes
/// came today is not known), so a restart does not reset a quota.
/// </summary>
internal sealed partial class UploadQuotas
{
    private readonly QuotaOptions _options;
    private readonly StorageLayout _layout;
    private readonly IReadOnlyCollection<string> _products;
    private readonly IReceiptStore _receipts;
    private readonly AccountStore? _accounts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<QuotaHolder, DailyUsage> _usage = [];
    private readonly Lazy<Task> _counted;

    public UploadQuotas(DropBoxOptions options, StorageLayout layout, IReceiptStore receipts, AccountStore? accounts, TimeProvider time, ILogger logger)
    {
        _options = options.Quota;
        _layout = layout;
        _products = options.Products;
        _receipts = receipts;
        _accounts = accounts;
        _time = time;
        _logger = logger;
        _counted = new Lazy<Task>(() => Task.Run(CountExistingAsync));
    }

    /// <summary>The quota <paramref name="principal"/> uploads against: its account's (its own from the accounts file, if set) or the anonymous one.</summary>
    public async ValueTask<UploadQuota> OpenAsync(Principal principal, CancellationToken cancellationToken)
    {
        await _counted.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var holder = QuotaHolder.Of(principal);
        var bytesPerDay = holder.IsAnonymous
            ? _options.AnonymousBytesPerDay
            : await OwnQuotaAsync(holder.Account!, cancellationToken).ConfigureAwait(false) ?? _options.AccountBytesPerDay;
        lock (_lock)
        {
            return new UploadQuota(this, holder, bytesPerDay > 0 ? bytesPerDay : null, Entry(holder));
        }
    }

    internal int Charge(DailyUsage usage, long? bytesPerDay, int bytes)
    {
        lock (_lock)
        {
            var today = Today();
            var charged = bytesPerDay is { } quota ? (int)Math.Clamp(quota - usage.On(today), 0, bytes) : bytes;
            usage.Add(today, charged);
            return charged;
        }
    }

    internal long UsedToday(DailyUsage usage)
    {
        lock (_lock)
        {
            return usage.On(Today());
        }
    }

    private static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload quotas: {Bytes} bytes uploaded on {Day} (UTC) counted from receipts and interrupted uploads, for {Holders} accounts or anonymous")]
    private static partial void LogCounted(ILogger logger, long bytes, string day, int holders);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload quotas: cannot read {Source}; what it holds is not counted against today's quotas")]
    private static partial void LogCountFailed(ILogger logger, Exception exception, string source);

    private DateOnly Today() => DayOf(_time.GetUtcNow());

    private DailyUsage Entry(QuotaHolder holder)
    {
        if (!_usage.TryGetValue(holder, out var usage))
        {
            _usage[holder] = usage = new DailyUsage();
        }

        return usage;
    }

    private async ValueTask<long?> OwnQuotaAsync(string account, CancellationToken cancellationToken) =>
        _accounts is null ? null : await _accounts.QuotaBytesPerDayAsync(account, cancellationToken).ConfigureAwait(false);

    private async Task CountExistingAsync()
    {
        var today = Today();
        var counted = new Dictionary<QuotaHolder, long>();
        try
        {
            await foreach (var receipt in _receipts.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (DayOf(receipt.CompletedUtc) == today)
                {
                    counted[QuotaHolder.Of(receipt)] = counted.GetValueOrDefault(QuotaHolder.Of(receipt)) + receipt.Size;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCountFailed(_logger, e, _layout.ReceiptsFile);
        }

        var owners = await PartialOwnersAsync().ConfigureAwait(false);
        try
        {
            foreach (var (accountKey, file) in _layout.PartialFiles(_products))
            {
                // A key that is neither anonymous nor a current Transfer ID's belongs to a removed account: nobody's quota.
                QuotaHolder? holder = AccountKey.IsAnonymous(accountKey) ? QuotaHolder.Anonymous
                    : owners.TryGetValue(accountKey, out var owner) ? owner : null;
                if (holder is { } counts && DayOf(file.LastWriteTimeUtc) == today)
                {
                    counted[counts] = counted.GetValueOrDefault(counts) + file.Length;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCountFailed(_logger, e, _layout.UploadsRoot);
        }

        lock (_lock)
        {
            foreach (var (holder, bytes) in counted)
            {
                Entry(holder).Add(today, bytes);
            }
        }

        LogCounted(_logger, counted.Values.Sum(), today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), counted.Count);
    }

    /// <summary>The Transfer ID each account key (partial folder) belongs to.</summary>
    private async Task<Dictionary<string, QuotaHolder>> PartialOwnersAsync()
    {
        var owners = new Dictionary<string, QuotaHolder>(StringComparer.Ordinal);
        if (_accounts is null)
        {
            return owners;
        }

        try
        {
            foreach (var account in await _accounts.ListAsync(CancellationToken.None).ConfigureAwait(false))
            {
                owners[AccountKey.ForTransferId(account.Id)] = new QuotaHolder(account.Id);
            }
        }
        catch (DbException e)
        {
            LogCountFailed(_logger, e, "the accounts in the catalog");
        }

        return owners;
    }
}
