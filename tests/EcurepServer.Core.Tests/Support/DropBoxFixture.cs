using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tree;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests.Support;

/// <summary>A drop box over a temp data directory with products aix and linux.</summary>
public sealed class DropBoxFixture : IDisposable
{
    public const string Readme = "Read me first.\n";

    public static readonly Principal Alice = new("E-ALICE00001a", IsAnonymous: false);

    public static readonly Principal Bob = new("E-BOB000002b", IsAnonymous: false);

    public static readonly Principal Guest = new("anonymous", IsAnonymous: true, AnonymousEmail: "guest@example.com");

    private readonly TempDirectory _directory = new();
    private int _sessions;

    public DropBoxFixture(long maxUploadBytes = DropBoxOptions.DefaultMaxUploadBytes)
    {
        Options = new DropBoxOptions
        {
            DataDirectory = _directory.Path,
            Products = ["aix", "linux"],
            ReadmeText = Readme,
            ToibmNotice = ["Please read toibm/0-README.txt for information."],
            MaxUploadBytes = maxUploadBytes,
        };
        Receipts = new JsonLinesReceiptStore(Path.Combine(_directory.Path, "receipts.jsonl"));
        DropBox = new DropBox(Microsoft.Extensions.Options.Options.Create(Options), Receipts, Time, Logger);
    }

    public DropBoxOptions Options { get; }

    public ManualTimeProvider Time { get; } = new();

    public ListLogger<DropBox> Logger { get; } = new();

    public JsonLinesReceiptStore Receipts { get; }

    public DropBox DropBox { get; }

    public string DataDirectory => _directory.Path;

    public IDropBoxSession Open(Principal principal, DropBoxSessionOptions? options = null)
    {
        var id = Interlocked.Increment(ref _sessions);
        var context = new SessionContext($"s{id}", "Europe", "ftps", new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 50000 + id));
        return DropBox.OpenSession(principal, context, options ?? DropBoxSessionOptions.Default);
    }

    public static VirtualPath P(string path)
    {
        var outcome = PathResolver.Parse(path);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Message);
        return outcome.Value;
    }

    public string Delivered(string product, string name) => Path.Combine(_directory.Path, "uploads", "toibm", product, name);

    public string FromIbm(string account) => Path.Combine(_directory.Path, "fromibm", account);

    public async Task<List<Receipt>> ReadReceiptsAsync()
    {
        var receipts = new List<Receipt>();
        await foreach (var receipt in Receipts.ReadAllAsync(CancellationToken.None))
        {
            receipts.Add(receipt);
        }

        return receipts;
    }

    public void Dispose()
    {
        Receipts.Dispose();
        _directory.Dispose();
    }
}
