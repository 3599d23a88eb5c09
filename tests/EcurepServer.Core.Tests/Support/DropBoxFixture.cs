using System.Net;
using EcurepServer.Catalog.Sqlite;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Events;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Tree;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests.Support;

/// <summary>A drop box over a temp data directory with products aix and linux.</summary>
public sealed class DropBoxFixture : IDisposable
{
    public const string Readme = "Read me first.\n";

    public static readonly Principal Alice = new("E-ALICE00001a", IsAnonymous: false);

    public static readonly Principal Bob = new("E-BOB000002b", IsAnonymous: false);

    public static readonly Principal Guest = new("anonymous", IsAnonymous: true, AnonymousEmail: "guest@example.com");

    /// <summary>Where the fixture's sessions come from unless a test says otherwise (IPv4-mapped, as a dual-stack listener sees it).</summary>
    public static readonly IPAddress ClientAddress = IPAddress.Parse("::ffff:192.0.2.7");

    private readonly TempDirectory _directory = new();

    /// <summary>The outbox's catalog, outside the data directory, whose files the tests count.</summary>
    private readonly TempDirectory _catalog = new();
    private int _sessions;

    /// <param name="events">Event sinks: the drop box then queues its deliveries' events in <see cref="Events"/>.</param>
    public DropBoxFixture(long maxUploadBytes = DropBoxOptions.DefaultMaxUploadBytes, Func<JsonLinesReceiptStore, IReceiptStore>? receipts = null, EventOptions? events = null)
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
        var catalog = new SqliteCatalogDatabase(Path.Combine(_catalog.Path, "catalog.db"), TimeSpan.FromSeconds(10));
        new SqliteCatalogStore(catalog, Time).MigrateAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        EventCatalog = new SqliteEventCatalog(catalog);
        Events = new EventOutbox(EventCatalog, events ?? new EventOptions(), Time);
        DropBox = new DropBox(Microsoft.Extensions.Options.Options.Create(Options), receipts?.Invoke(Receipts) ?? Receipts, Time, Logger, events: Events);
    }

    public DropBoxOptions Options { get; }

    public ManualTimeProvider Time { get; } = new();

    public ListLogger<DropBox> Logger { get; } = new();

    public JsonLinesReceiptStore Receipts { get; }

    public DropBox DropBox { get; }

    public EventOutbox Events { get; }

    public Catalog.IEventCatalog EventCatalog { get; }

    public string DataDirectory => _directory.Path;

    public IDropBoxSession Open(Principal principal, DropBoxSessionOptions? options = null, IPAddress? from = null, SessionTranscript? transcript = null)
    {
        var id = Interlocked.Increment(ref _sessions);
        var context = new SessionContext($"s{id}", "Europe", "ftps", new IPEndPoint(from ?? ClientAddress, 50000 + id))
        {
            Transcript = transcript ?? SessionTranscript.None,
        };
        return DropBox.OpenSession(principal, context, options ?? DropBoxSessionOptions.Default);
    }

    public static VirtualPath P(string path)
    {
        var outcome = PathResolver.Parse(path);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Message);
        return outcome.Value;
    }

    /// <summary>Where a file delivered by <paramref name="by"/> (Alice unless given) from <see cref="ClientAddress"/> is kept.</summary>
    public string Delivered(string product, string name, Principal? by = null)
    {
        var principal = by ?? Alice;
        var folder = AccountKey.DeliveryFolder(principal, AccountKey.For(principal, ClientAddress));
        return Path.Combine(_directory.Path, "uploads", "toibm", product, folder, name);
    }

    /// <summary>Where files were delivered before each account had a folder of its own.</summary>
    public string LegacyDelivered(string product, string name) => Path.Combine(_directory.Path, "uploads", "toibm", product, name);

    /// <summary>Where the interrupted upload of <paramref name="principal"/> (from <see cref="ClientAddress"/>) is kept.</summary>
    public string Partial(Principal principal, string product, string name) =>
        Path.Combine(_directory.Path, "uploads", "toibm", product, ".partial", AccountKey.For(principal, ClientAddress), name);

    public string FromIbm(string account) => Path.Combine(_directory.Path, "fromibm", account);

    public async Task<List<Receipt>> ReadReceiptsAsync() => await Receipts.ReadAllAsync(CancellationToken.None).ToListAsync();

    public void Dispose()
    {
        Receipts.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        _catalog.Dispose();
    }
}
