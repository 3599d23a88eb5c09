using EcurepServer.Core.Accounts;
using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Storage;

/// <summary>Where the drop box keeps things on local disk, below the data directory.</summary>
internal sealed class StorageLayout
{
    public const string PartialFolder = ".partial";

    private const string UploadsFolder = "uploads";

    public StorageLayout(string dataDirectory)
    {
        Root = Path.GetFullPath(dataDirectory);
        UploadsRoot = Path.Combine(Root, UploadsFolder, TreeNames.ToIbm);
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

    /// <summary>A delivered file: <c>uploads/toibm/&lt;product&gt;/&lt;account folder&gt;/&lt;name&gt;</c>.</summary>
    public string DeliveredFile(string product, string accountFolder, string name) => Path.Combine(UploadsRoot, product, accountFolder, name);

    /// <summary>Where files were delivered before each account got a folder of its own; receipts without a stored path name these.</summary>
    public string LegacyDeliveredFile(string product, string name) => Path.Combine(UploadsRoot, product, name);

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

    /// <summary>A delivered file's path as a receipt records it: relative to the data directory, with '/'.</summary>
    public string StoredPath(string deliveredFile) => Path.GetRelativePath(Root, deliveredFile).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// The file a receipt's stored path names, if it has the shape of a delivered file
    /// (<c>uploads/toibm/&lt;product&gt;/&lt;folder&gt;/&lt;name&gt;</c>, plain names only); null otherwise, so a bad
    /// line can never name anything outside the uploads.
    /// </summary>
    public string? DeliveredFileOf(string storedPath, string product, string name)
    {
        ArgumentNullException.ThrowIfNull(storedPath);
        var parts = storedPath.Split('/');
        return parts is [UploadsFolder, TreeNames.ToIbm, var storedProduct, var folder, var storedName]
            && storedProduct == product && storedName == name && IsPlainName(folder)
            ? DeliveredFile(product, folder, name)
            : null;
    }

    /// <summary>
    /// The disk file behind a receipt: its stored path, or for a receipt older than account folders
    /// <c>/toibm/&lt;product&gt;/&lt;name&gt;</c> directly in the product directory; null for anything else, so a bad
    /// line cannot reach outside the uploads.
    /// </summary>
    public string? DeliveredFileOf(Receipts.Receipt receipt)
    {
        var parsed = PathResolver.Parse(receipt.Path);
        if (!parsed.Succeeded || parsed.Value.Segments is not [TreeNames.ToIbm, var product, var name])
        {
            return null;
        }

        return receipt.StoredPath is { } stored ? DeliveredFileOf(stored, product, name) : LegacyDeliveredFile(product, name);
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

    /// <summary>A name that is one entry of a directory: not empty, no separator, not '.' or '..' and not hidden.</summary>
    private static bool IsPlainName(string name) =>
        name.Length > 0 && name[0] != '.' && name.IndexOfAny(['/', '\\', '\0']) < 0;
}
