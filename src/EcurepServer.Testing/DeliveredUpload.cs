using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Testing;

/// <summary>A delivered upload: its receipt (path, size, SHA-256, account, site, protocol, route, ...) and its bytes.</summary>
public sealed class DeliveredUpload
{
    private readonly UploadCatalog _catalog;
    private readonly ReceiptEntry _entry;

    internal DeliveredUpload(UploadCatalog catalog, ReceiptEntry entry)
    {
        _catalog = catalog;
        _entry = entry;
    }

    /// <summary>The id the management API names it by.</summary>
    public string Id => UploadCatalog.IdOf(_entry.Receipt);

    /// <summary>The receipt as the server wrote it.</summary>
    public Receipt Receipt => _entry.Receipt;

    /// <summary>The file name the client gave, e.g. <c>TS012345678_logs.zip</c>.</summary>
    public string Name => Receipt.Path[(Receipt.Path.LastIndexOf('/') + 1)..];

    /// <summary>"case TS012345678", "pmr 34143.055.724" or "lost".</summary>
    public string Route => _entry.Route.ToString();

    /// <summary>The delivered bytes; the caller disposes the stream.</summary>
    public Stream OpenRead() =>
        _catalog.OpenContent(_entry) ?? throw new FileNotFoundException($"The file of {Receipt.Path} was deleted (reset or retention).");

    /// <summary>The delivered bytes, read whole.</summary>
    public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken = default)
    {
        await using var content = OpenRead();
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Receipt.Path} ({Receipt.Size} bytes, {Receipt.Protocol}, {Receipt.Account})";
}
