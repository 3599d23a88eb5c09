namespace EcurepServer.Catalog.Sqlite.Tests;

public sealed class SqliteUploadOwnershipTests : IDisposable
{
    private static readonly DateTimeOffset Now = SqliteCatalogFixture.Now;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly SqliteCatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Two_catalogs_on_one_file_claiming_the_same_name_at_once_never_both_succeed()
    {
        await _fixture.MigratedAsync();
        var nodeA = new SqliteUploadOwnership(_fixture.Open());
        var nodeB = new SqliteUploadOwnership(_fixture.Open());

        for (var i = 0; i < 25; i++)
        {
            var name = $"uploads/toibm/aix/.partial/E-ALICE00001a/file-{i}.zip";
            var results = await Task.WhenAll(
                Task.Run(async () => await nodeA.TryClaimAsync([name], SqliteCatalogFixture.Claim($"a{i}", "node-a", Now + Lease), Now, CancellationToken.None)),
                Task.Run(async () => await nodeB.TryClaimAsync([name], SqliteCatalogFixture.Claim($"b{i}", "node-b", Now + Lease), Now, CancellationToken.None)));

            Assert.Single(results, claimed => claimed);
        }
    }

    [Fact]
    public async Task A_claim_takes_all_its_names_or_none()
    {
        await _fixture.MigratedAsync();
        var ownership = new SqliteUploadOwnership(_fixture.Open());
        Assert.True(await ownership.TryClaimAsync(["b"], SqliteCatalogFixture.Claim("first", "node-a", Now + Lease), Now, CancellationToken.None));

        Assert.False(await ownership.TryClaimAsync(["a", "b"], SqliteCatalogFixture.Claim("second", "node-b", Now + Lease), Now, CancellationToken.None));

        Assert.False(await ownership.IsClaimedAsync("a", Now, CancellationToken.None));
    }

    [Fact]
    public async Task A_dead_nodes_claim_expires_and_is_taken_over_while_a_renewed_one_holds()
    {
        await _fixture.MigratedAsync();
        var nodeA = new SqliteUploadOwnership(_fixture.Open());
        var nodeB = new SqliteUploadOwnership(_fixture.Open());
        Assert.True(await nodeA.TryClaimAsync(["live", "dead"], SqliteCatalogFixture.Claim("a", "node-a", Now + Lease), Now, CancellationToken.None));
        Assert.True(await nodeA.TryClaimAsync(["other"], SqliteCatalogFixture.Claim("c", "node-c", Now + Lease), Now, CancellationToken.None));

        // node-a renews its leases; node-c has died and renews nothing.
        Assert.Equal(2, await nodeA.RenewAsync("node-a", Now + Lease + Lease, CancellationToken.None));
        var later = Now + Lease + TimeSpan.FromSeconds(1);

        Assert.False(await nodeB.TryClaimAsync(["live"], SqliteCatalogFixture.Claim("b1", "node-b", later + Lease), later, CancellationToken.None));
        Assert.True(await nodeB.TryClaimAsync(["other"], SqliteCatalogFixture.Claim("b2", "node-b", later + Lease), later, CancellationToken.None));
        var held = await nodeB.ListAsync(later, CancellationToken.None).ToListAsync();
        Assert.Equal("b2", Assert.Single(held, item => item.Name == "other").Claim.ClaimId);
    }

    [Fact]
    public async Task Release_frees_only_the_names_of_its_own_claim()
    {
        await _fixture.MigratedAsync();
        var ownership = new SqliteUploadOwnership(_fixture.Open());
        Assert.True(await ownership.TryClaimAsync(["mine"], SqliteCatalogFixture.Claim("a", "node-a", Now + Lease), Now, CancellationToken.None));
        Assert.True(await ownership.TryClaimAsync(["theirs"], SqliteCatalogFixture.Claim("b", "node-b", Now + Lease), Now, CancellationToken.None));

        await ownership.ReleaseAsync(["mine", "theirs"], "a", CancellationToken.None);

        Assert.False(await ownership.IsClaimedAsync("mine", Now, CancellationToken.None));
        Assert.True(await ownership.IsClaimedAsync("theirs", Now, CancellationToken.None));
    }
}
