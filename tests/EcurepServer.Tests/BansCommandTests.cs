using EcurepServer.Cli;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

/// <summary>"bans add": a ban by hand is kept in the catalog and listed; an unusable one is refused with the reason and changes nothing.</summary>
public sealed class BansCommandTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _workspace.Dispose();
    }

    [Fact]
    public async Task AnAddressOrNetworkIsBannedForTheGivenTimeAndUnusableBansAreRefused()
    {
        var added = await CliRun.InvokeAsync(_workspace, "bans", "add", "203.0.113.0/24", "--for", "1h", "--reason", "port scan");
        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.StartsWith("Banned 203.0.113.0/24 until ", added.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, (await CliRun.InvokeAsync(_workspace, "bans", "add", "2001:db8:1:2::7")).ExitCode);

        foreach (var (arguments, expected) in new (string[] Arguments, string Expected)[]
        {
            (["bans", "add", "not-an-address"], "is not an address"),
            (["bans", "add", "10.0.0.0/8"], "too wide"),
            (["bans", "add", "127.0.0.1"], "allow-listed"),
            (["bans", "add", "203.0.113.9", "--for", "forever"], "is not a duration"),
            (["bans", "add", "203.0.113.9", "--for", "400d"], "MaxBanTime"),
        })
        {
            var refused = await CliRun.InvokeAsync(_workspace, arguments);
            Assert.Equal(ExitCodes.Usage, refused.ExitCode);
            Assert.Contains(expected, refused.Error, StringComparison.Ordinal);
        }

        var listed = (await CliRun.InvokeAsync(_workspace, "bans", "list")).Output;
        Assert.Contains("203.0.113.0/24", listed, StringComparison.Ordinal);
        Assert.Contains("port scan", listed, StringComparison.Ordinal);
        Assert.Contains("2001:db8:1:2::/64", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.9", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.0", listed, StringComparison.Ordinal);
    }
}
