using System.IO.Pipelines;
using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Transcripts;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Sftp.Tests.Support;

/// <summary>A real Core drop box over a temp data directory (products aix and linux) and SFTP sessions over in-memory pipes.</summary>
public sealed class SftpFixture : IAsyncDisposable
{
    public static readonly Principal Alice = new("E-ALICE00001a", IsAnonymous: false);

    public static readonly Principal Guest = new("anonymous", IsAnonymous: true, AnonymousEmail: "guest@example.com");

    private readonly List<SftpTestClient> _clients = [];
    private int _sessions;

    public SftpFixture(long maxUploadBytes = DropBoxOptions.DefaultMaxUploadBytes, QuotaOptions? quota = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("ecurep-sftp-tests-").FullName;
        var options = new DropBoxOptions
        {
            DataDirectory = DataDirectory,
            Products = ["aix", "linux"],
            ReadmeText = "Read me first.\n",
            MaxUploadBytes = maxUploadBytes,
            Quota = quota ?? new QuotaOptions(),
        };
        Receipts = new JsonLinesReceiptStore(Path.Combine(DataDirectory, "receipts.jsonl"));
        DropBox = new DropBox(Microsoft.Extensions.Options.Options.Create(options), Receipts, TimeProvider.System, NullLogger<DropBox>.Instance);
    }

    public string DataDirectory { get; }

    public DropBox DropBox { get; }

    public JsonLinesReceiptStore Receipts { get; }

    public ListLogger<SftpSubsystem> Logger { get; } = new();

    public SftpSubsystem CreateSubsystem(SftpOptions? options = null, IFaultInjector? faults = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? new SftpOptions()), TimeProvider.System, Logger, faults);

    /// <summary>
    /// Starts a session as the host will: Core opened without /fromibm, protocol "sftp"; served by a subsystem of its
    /// own unless sessions are to share one (as all sessions of a server do).
    /// </summary>
    public SftpTestClient Start(Principal? principal = null, SftpOptions? options = null, SftpSubsystem? sharedSubsystem = null, SessionTranscript? transcript = null)
    {
        var id = Interlocked.Increment(ref _sessions);
        var context = new SessionContext($"sftp-{id}", "Europe", "sftp", new IPEndPoint(IPAddress.Loopback, 40000 + id))
        {
            Transcript = transcript ?? SessionTranscript.None,
        };
        var session = DropBox.OpenSession(principal ?? Alice, context, new DropBoxSessionOptions(ShowFromIbm: false));
        var subsystem = sharedSubsystem ?? CreateSubsystem(options);
        var toServer = new Pipe(subsystem.InputPipeOptions);
        var fromServer = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var run = subsystem.RunAsync(toServer.Reader, fromServer.Writer, session, CancellationToken.None);
        var client = new SftpTestClient(toServer.Writer, fromServer.Reader, run);
        _clients.Add(client);
        return client;
    }

    public async Task<SftpTestClient> StartInitializedAsync(Principal? principal = null, SftpOptions? options = null, SftpSubsystem? sharedSubsystem = null, SessionTranscript? transcript = null)
    {
        var client = Start(principal, options, sharedSubsystem, transcript);
        await client.InitAsync();
        return client;
    }

    /// <summary>Where a file delivered by <paramref name="by"/> (Alice unless given) is kept: in that account's folder.</summary>
    public string Delivered(string product, string name, Principal? by = null)
    {
        var principal = by ?? Alice;
        var folder = AccountKey.DeliveryFolder(principal, AccountKey.For(principal, IPAddress.Loopback));
        return Path.Combine(DataDirectory, "uploads", "toibm", product, folder, name);
    }

    /// <summary>The names of every file delivered into the product directory, by any account.</summary>
    public string[] DeliveredNames(string product) =>
        Directory.GetDirectories(Path.Combine(DataDirectory, "uploads", "toibm", product))
            .Where(folder => !Path.GetFileName(folder).StartsWith('.'))
            .SelectMany(Directory.GetFiles)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToArray()!;

    public async Task<List<Receipt>> ReadReceiptsAsync() => await Receipts.ReadAllAsync(CancellationToken.None).ToListAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        Receipts.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
