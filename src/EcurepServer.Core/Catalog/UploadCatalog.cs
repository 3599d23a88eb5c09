using System.Security.Cryptography;
using System.Text;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Storage;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The delivered uploads as readers see them (the management API, EcurepServer.Testing): listed and filtered, found by
/// id, their bytes opened, and awaited until one that matches is delivered.
/// </summary>
public sealed class UploadCatalog : IDisposable
{
    private readonly IReceiptStore _receipts;
    private readonly JsonLinesDeletionStore _deletions;
    private readonly StorageLayout _layout;
    private readonly Lock _lock = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UploadCatalog(IReceiptStore receipts, JsonLinesDeletionStore deletions, IOptions<DropBoxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _receipts = receipts;
        _deletions = deletions;
        _layout = new StorageLayout(options.Value.DataDirectory);
        if (receipts is JsonLinesReceiptStore store)
        {
            store.Appended += OnAppended;
        }
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
        ArgumentNullException.ThrowIfNull(query);
        var entries = await ReceiptEntry.ReadAllAsync(_receipts, _deletions, cancellationToken).ConfigureAwait(false);
        return [.. entries.Where(query.Matches)];
    }

    public async Task<ReceiptEntry?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var entries = await ReceiptEntry.ReadAllAsync(_receipts, _deletions, cancellationToken).ConfigureAwait(false);
        return entries.FirstOrDefault(entry => IdOf(entry.Receipt) == id);
    }

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
        return WaitAsync(query.Matches, timeout, cancellationToken);
    }

    /// <summary>The first upload <paramref name="matches"/> accepts, already delivered or delivered within <paramref name="timeout"/>; null when none came.</summary>
    public async Task<ReceiptEntry?> WaitAsync(Func<ReceiptEntry, bool> matches, TimeSpan timeout, CancellationToken cancellationToken)
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
            var entries = await ReceiptEntry.ReadAllAsync(_receipts, _deletions, cancellationToken).ConfigureAwait(false);
            var found = entries.FirstOrDefault(matches);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await appended.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    public void Dispose()
    {
        if (_receipts is JsonLinesReceiptStore store)
        {
            store.Appended -= OnAppended;
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
