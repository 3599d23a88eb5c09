using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>Core's real drop box (product aix) over a temp data directory, for tests of what the engine and Core say together.</summary>
internal sealed class CoreDropBox : IDisposable
{
    public CoreDropBox()
    {
        DataDirectory = Directory.CreateTempSubdirectory("ecurep-ftp-core-").FullName;
        Receipts = new JsonLinesReceiptStore(ReceiptsFile);
        DropBox = new DropBox(
            Microsoft.Extensions.Options.Options.Create(new DropBoxOptions { DataDirectory = DataDirectory, Products = ["aix"] }),
            Receipts,
            TimeProvider.System,
            NullLogger<DropBox>.Instance);
    }

    public string DataDirectory { get; }

    public string ReceiptsFile => Path.Combine(DataDirectory, "receipts.jsonl");

    public JsonLinesReceiptStore Receipts { get; }

    public DropBox DropBox { get; }

    /// <summary>Every delivered file below /toibm/aix, as "account folder/name".</summary>
    public IReadOnlyList<string> DeliveredFiles()
    {
        var product = Path.Combine(DataDirectory, "uploads", "toibm", "aix");
        return [.. Directory.EnumerateDirectories(product)
            .Where(folder => !Path.GetFileName(folder).StartsWith('.'))
            .SelectMany(Directory.EnumerateFiles)
            .Select(file => Path.GetRelativePath(product, file))
            .Order(StringComparer.Ordinal)];
    }

    public async Task<List<Receipt>> ReadReceiptsAsync() => await Receipts.ReadAllAsync(CancellationToken.None).ToListAsync();

    public void Dispose()
    {
        Receipts.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
