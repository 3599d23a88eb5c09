using EcurepServer.Core.Defender;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// What a data directory written before the catalog holds, read from its files for <see cref="ICatalogStore.ImportAsync"/>:
/// <see cref="Source"/> names the import, so it happens once.
/// </summary>
public sealed record CatalogImport(
    string Source,
    IReadOnlyList<Receipt> Receipts,
    IReadOnlyList<ReceiptDeletion> Deletions,
    IReadOnlyList<CatalogAccount> Accounts,
    IReadOnlyList<Ban> Bans);
