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

    /// <summary>Every partial upload of the products, with the account key of the folder it is kept in.</summary>
    public IEnumerable<(string AccountKey, FileInfo File)> PartialFiles(IEnumerable<string> products)
    {
        // An upload that got no bytes removes the folders it created; enumeration skips folders that vanish.
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var product in products)
        {
            var partials = new DirectoryInfo(Path.Combine(ProductDirectory(product), PartialFolder));
            if (!partials.Exists)
            {
                continue;
            }

            foreach (var file in partials.EnumerateFiles("*", enumeration))
            {
                var relative = Path.GetRelativePath(partials.FullName, file.FullName);
                var separator = relative.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal);
                if (separator > 0)
                {
                    yield return (relative[..separator], file);
                }
            }
        }
    }

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
