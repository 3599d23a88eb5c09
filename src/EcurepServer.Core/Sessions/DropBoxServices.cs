using System.Text;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Events;
using EcurepServer.Core.Metrics;
using EcurepServer.Core.Quotas;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Sessions;

/// <summary>What every session of one drop box shares.</summary>
internal sealed class DropBoxServices
{
    public DropBoxServices(DropBoxOptions options, IReceiptStore receipts, AccountStore? accounts, TimeProvider time, ILogger logger, IUploadOwnership ownership, CatalogNode node, TimeSpan leaseDuration)
    {
        Options = options;
        Layout = new StorageLayout(options.DataDirectory);
        Products = new HashSet<string>(options.Products, StringComparer.Ordinal);
        SortedProducts = options.Products.Order(StringComparer.Ordinal).ToArray();
        ExampleProduct = options.Products.Length > 0 ? options.Products[0] : "aix";
        Readme = Encoding.UTF8.GetBytes(options.ReadmeText ?? "");
        Receipts = receipts;
        Time = time;
        Logger = logger;
        Started = time.GetUtcNow();
        Quotas = new UploadQuotas(options, Layout, receipts, accounts, time, logger);
        Registry = new UploadRegistry(ownership, node, Layout, time, leaseDuration);
    }

    public DropBoxOptions Options { get; }

    public StorageLayout Layout { get; }

    public IReadOnlySet<string> Products { get; }

    public IReadOnlyList<string> SortedProducts { get; }

    /// <summary>The product named in refusals ("such as /toibm/aix").</summary>
    public string ExampleProduct { get; }

    public byte[] Readme { get; }

    public IReceiptStore Receipts { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public UploadRegistry Registry { get; }

    /// <summary>The JSON-lines file committed receipts are also appended to, for tooling; none when not configured.</summary>
    public JsonLinesReceiptStore? ReceiptExport { get; init; }

    /// <summary>The uploads in progress, for the list of who uploads now and for a reset that ends them.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<FileUpload, byte> ActiveUploads { get; } = new();

    public UploadQuotas Quotas { get; }

    /// <summary>The upload instruments; none in tests that do not look at them.</summary>
    public DropBoxMetrics? Metrics { get; init; }

    /// <summary>Where delivered uploads queue their events; none without sinks.</summary>
    public EventOutbox? Events { get; init; }

    public TransferLog? TransferLog { get; init; }

    /// <summary>
    /// Held while folders below the uploads are created and filled (a partial file opened, a delivery moved in) or
    /// removed when empty (an upload that got no byte, retention), so no file is put into a folder being removed.
    /// </summary>
    public Lock FolderLock { get; } = new();

    /// <summary>The time stamp shown for the virtual directories.</summary>
    public DateTimeOffset Started { get; }
}
