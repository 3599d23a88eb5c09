using EcurepServer.Core.Accounts;

namespace EcurepServer.Core.Storage;

/// <summary>Where the drop box keeps things on local disk, below the data directory.</summary>
internal sealed class StorageLayout
{
    public const string PartialFolder = ".partial";

    public StorageLayout(string dataDirectory)
    {
        Root = Path.GetFullPath(dataDirectory);
        UploadsRoot = Path.Combine(Root, "uploads", "toibm");
        FromIbmRoot = Path.Combine(Root, "fromibm");
        ReceiptsFile = Path.Combine(Root, "receipts.jsonl");
        DeletionsFile = Path.Combine(Root, "deletions.jsonl");
    }

    public string Root { get; }

    public string UploadsRoot { get; }

    public string FromIbmRoot { get; }

    public string ReceiptsFile { get; }

    public string DeletionsFile { get; }

    /// <summary>Where files for fromibm are assembled before their rename; not a Transfer ID, so no account sees it.</summary>
    public string FromIbmIncoming => Path.Combine(FromIbmRoot, ".incoming");

    public string ProductDirectory(string product) => Path.Combine(UploadsRoot, product);

    public string DeliveredFile(string product, string name) => Path.Combine(UploadsRoot, product, name);

    public string PartialDirectory(string product, string accountKey) =>
        Path.Combine(UploadsRoot, product, PartialFolder, accountKey);

    public string PartialFile(string product, string accountKey, string name) =>
        Path.Combine(PartialDirectory(product, accountKey), name);

    /// <summary>The account's fromibm folder; null for anonymous users and names that are not Transfer IDs.</summary>
    public string? FromIbmDirectory(Principal principal) =>
        principal.IsAnonymous || !TransferId.IsValid(principal.Name) ? null : Path.Combine(FromIbmRoot, principal.Name);

    public void CreateProductDirectories(IEnumerable<string> products)
    {
        foreach (var product in products)
        {
            Directory.CreateDirectory(ProductDirectory(product));
        }
    }
}
