using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Catalog;

/// <summary>What the drop box takes from the catalog besides its receipts: upload claims with this node's leases, and the receipt export.</summary>
public sealed record DropBoxCatalog(IUploadOwnership Ownership, CatalogNode Node, TimeSpan LeaseDuration, JsonLinesReceiptStore? ReceiptExport);
