using System.Security.Cryptography;
using System.Text;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Storage;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The delivered uploads as readers see them (the management API, EcurepServer.Testing, <c>uploads list</c>): listed
/// and filtered by the catalog's indexes, found by id, their bytes opened, and awaited until one that matches is
/// delivered (by this process, or by another node within <c>Catalog:PollInterval</c>).
/// </summary>
public sealed class UploadCatalog : IDisposable
{
    private readonly IReceiptCatalog _receipts;
    private readonly StorageLayout _layout;
    private readonly TimeSpan _pollInterval;
    private readonly Lock _lock = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UploadCatalog(IReceiptCatalog receipts, IOptions<DropBoxOptions> options, IOptions<CatalogOptions>? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(options);
        _receipts = receipts;
        _layout = new StorageLayout(options.Value.DataDirectory);
        _pollInterval = (catalog?.Value ?? new CatalogOptions()).PollInterval;
        receipts.Appended += OnAppended;
    }

    /// <summary>A receipt's id: stable, URL-safe, derived from where and when the upload was delivered.</summary>
    public static string IdOf(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var key = $"{receipt.StoredPath ?? receipt.Path}\n{receipt.CompletedUtc.UtcTicks}\n{receipt.SessionId}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }

    public async Task<IReadOnlyList<ReceiptEntry>> ListAsync(UploadQuery query, CancellationToken cancellationToken)
    {
        var entries = new List<ReceiptEntry>();
        await foreach (var entry in StreamAsync(query, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>The uploads <paramref name="query"/> selects in delivery order, read as they are written out.</summary>
    public IAsyncEnumerable<ReceiptEntry> StreamAsync(UploadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _receipts.QueryAsync(query, cancellationToken);
    }

    public async Task<ReceiptEntry?> FindAsync(string id, CancellationToken cancellationToken) =>
        await _receipts.FindAsync(id, cancellationToken).ConfigureAwait(false);

    /// <summary>The delivered bytes, or null when retention or a reset removed the file.</summary>
    public Stream? OpenContent(ReceiptEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.IsDeleted || _layout.DeliveredFileOf(entry.Receipt) is not { } file)
        {
            return null;
        }

        try
        {
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The first upload that matches, already delivered or delivered within <paramref name="timeout"/>; null when none came.</summary>
    public Task<ReceiptEntry?> WaitAsync(UploadQuery query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return WaitAsync(query, query.Matches, timeout, cancellationToken);
    }

    /// <summary>The first upload <paramref name="matches"/> accepts, already delivered or delivered within <paramref name="timeout"/>; null when none came.</summary>
    public Task<ReceiptEntry?> WaitAsync(Func<ReceiptEntry, bool> matches, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(new UploadQuery(), matches, timeout, cancellationToken);

    public void Dispose() => _receipts.Appended -= OnAppended;

    /// <summary>Looks among the uploads <paramref name="query"/> selects (by index) for the first <paramref name="matches"/> accepts.</summary>
    private async Task<ReceiptEntry?> WaitAsync(UploadQuery query, Func<ReceiptEntry, bool> matches, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task appended;
            lock (_lock)
            {
                appended = _appended.Task;
            }

            // Read after taking the signal, so a delivery between the read and the wait is not missed.
            await foreach (var entry in _receipts.QueryAsync(query, cancellationToken).ConfigureAwait(false))
            {
                if (matches(entry))
                {
                    return entry;
                }
            }

            try
            {
                await appended.WaitAsync(_pollInterval, deadline.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Another node may have delivered it: look again.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    private void OnAppended()
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            done = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }
}
