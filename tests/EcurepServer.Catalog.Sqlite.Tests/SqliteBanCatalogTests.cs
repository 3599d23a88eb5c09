using System.Net;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Defender;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Catalog.Sqlite.Tests;

public sealed class SqliteBanCatalogTests : IDisposable
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.7");

    private readonly SqliteCatalogFixture _fixture = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _fixture.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task A_ban_one_node_imposes_refuses_the_address_on_another_and_a_lift_frees_it_on_both()
    {
        await _fixture.MigratedAsync();
        var time = new ManualTimeProvider();
        using var nodeA = Defender(time);
        using var nodeB = Defender(time);
        Assert.True(nodeB.Admits(Guesser, "Europe", "sftp"));

        for (var i = 0; i < 15; i++)
        {
            nodeA.Report(Guesser, DefenderEvent.FailedLogin, "Europe", "ftps");
        }

        time.Advance(new CatalogOptions().PollInterval);
        Assert.False(nodeB.Admits(Guesser, "Europe", "sftp"));
        Assert.Equal("192.0.2.7", Assert.Single(await nodeB.BansAsync(CancellationToken.None)).Network);

        Assert.NotNull(await nodeB.LiftAsync("192.0.2.7", CancellationToken.None));
        time.Advance(new CatalogOptions().PollInterval);
        Assert.True(nodeA.Admits(Guesser, "Europe", "ftps"));
    }

    private ClientDefender Defender(ManualTimeProvider time) =>
        new(Options.Create(new DefenderOptions()), Options.Create(new DropBoxOptions { DataDirectory = _data.Path }), time, NullLogger<ClientDefender>.Instance,
            bans: new SqliteBanCatalog(_fixture.Open()));
}
