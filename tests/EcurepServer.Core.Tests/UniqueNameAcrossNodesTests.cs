using System.Net;
using EcurepServer.Catalog.Sqlite;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

/// <summary>
/// Two nodes (two drop boxes on one data directory and one catalog) handing out a unique name (FTP STOU) for one
/// account at the same moment: the name is picked as it is claimed, so the node that loses the claim takes the next
/// name rather than refusing, and the two uploads never share one.
/// </summary>
public sealed class UniqueNameAcrossNodesTests : IDisposable
{
    private static readonly Principal Alice = new("E-ALICE00001a", IsAnonymous: false);
    private static readonly VirtualPath Aix = Support.DropBoxFixture.P("/toibm/aix");

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _catalog = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose()
    {
        _data.Dispose();
        _catalog.Dispose();
    }

    [Fact]
    public async Task A_name_another_node_claims_between_the_check_and_the_claim_is_passed_over_for_the_next()
    {
        var path = Path.Combine(_catalog.Path, "catalog.db");
        await new SqliteCatalogStore(Database(path), _time).MigrateAsync(CancellationToken.None);
        var racing = new RacingOwnership(new SqliteUploadOwnership(Database(path)));
        var onA = Node(racing, "node-a").OpenSession(Alice, Context("a"));
        var onB = Node(new SqliteUploadOwnership(Database(path)), "node-b").OpenSession(Alice, Context("b"));
        Outcome<IUpload>? first = null;
        racing.BeforeFirstClaim = async () => first = await onB.BeginUniqueUploadAsync(Aix, "TS012345678_logs.zip", CancellationToken.None);

        var second = await onA.BeginUniqueUploadAsync(Aix, "TS012345678_logs.zip", CancellationToken.None);

        var firstOutcome = Assert.NotNull(first);
        Assert.True(firstOutcome.Succeeded, firstOutcome.Refusal?.Message);
        Assert.True(second.Succeeded, second.Refusal?.Message);
        await using var fromB = firstOutcome.Value;
        await using var fromA = second.Value;
        Assert.Equal("/toibm/aix/TS012345678_logs.zip", fromB.Path.Value);
        Assert.Equal("/toibm/aix/TS012345678_logs-1.zip", fromA.Path.Value);
        foreach (var upload in new[] { fromA, fromB })
        {
            Assert.True((await upload.WriteAsync(new byte[] { 1, 2, 3 }, CancellationToken.None)).Succeeded);
            Assert.True((await upload.CommitAsync(CancellationToken.None)).Succeeded);
        }
    }

    private static SqliteCatalogDatabase Database(string path) => new(path, TimeSpan.FromSeconds(10));

    private DropBox Node(IUploadOwnership ownership, string id) => new(
        Options.Create(new DropBoxOptions { DataDirectory = _data.Path, Products = ["aix"] }),
        new JsonLinesReceiptStore(Path.Combine(_catalog.Path, $"receipts-{id}.jsonl")),
        _time,
        new ListLogger<DropBox>(),
        catalog: new DropBoxCatalog(ownership, new CatalogNode(id), TimeSpan.FromSeconds(30), null));

    private static SessionContext Context(string id) => new(id, "Europe", "ftps", new IPEndPoint(IPAddress.Parse("192.0.2.7"), 50000));

    /// <summary>The catalog's claims; before the first claim goes through, <see cref="BeforeFirstClaim"/> runs (another node's claim).</summary>
    private sealed class RacingOwnership(IUploadOwnership inner) : IUploadOwnership
    {
        public Func<Task>? BeforeFirstClaim { get; set; }

        public async ValueTask<bool> TryClaimAsync(IReadOnlyList<string> names, UploadClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (BeforeFirstClaim is { } before)
            {
                BeforeFirstClaim = null;
                await before();
            }

            return await inner.TryClaimAsync(names, claim, now, cancellationToken);
        }

        public ValueTask ReleaseAsync(IReadOnlyList<string> names, string claimId, CancellationToken cancellationToken) => inner.ReleaseAsync(names, claimId, cancellationToken);

        public ValueTask<bool> IsClaimedAsync(string name, DateTimeOffset now, CancellationToken cancellationToken) => inner.IsClaimedAsync(name, now, cancellationToken);

        public ValueTask<int> RenewAsync(string nodeId, DateTimeOffset expiresUtc, CancellationToken cancellationToken) => inner.RenewAsync(nodeId, expiresUtc, cancellationToken);

        public IAsyncEnumerable<(string Name, UploadClaim Claim)> ListAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.ListAsync(now, cancellationToken);
    }
}
