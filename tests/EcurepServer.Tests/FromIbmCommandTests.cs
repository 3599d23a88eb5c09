using EcurepServer.Cli;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

public sealed class FromIbmCommandTests : IDisposable
{
    private const string Alice = "E-ALICE00001a";

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task PutCopiesTheFileIntoTheAccountsFolder()
    {
        await AddAccountAsync(Alice);
        await File.WriteAllTextAsync(_workspace.PathOf("fix.zip"), "the fix");

        var run = await CliRun.InvokeAsync(_workspace, "fromibm", "put", Alice, "fix.zip");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal($"Placed /fromibm/fix.zip for {Alice} (7 bytes).", run.Output.Trim());
        Assert.Equal("the fix", await File.ReadAllTextAsync(_workspace.PathOf("data", "fromibm", Alice, "fix.zip")));
        Assert.Empty(Directory.GetFiles(_workspace.PathOf("data", "fromibm", ".incoming")));
    }

    [Fact]
    public async Task NameChoosesWhatTheAccountSees()
    {
        await AddAccountAsync(Alice);
        Directory.CreateDirectory(_workspace.PathOf("outgoing"));
        await File.WriteAllTextAsync(_workspace.PathOf("outgoing", "local.bin"), "x");

        var run = await CliRun.InvokeAsync(_workspace, "fromibm", "put", Alice, "outgoing/local.bin", "--name", "TS012345678_answer.txt");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(File.Exists(_workspace.PathOf("data", "fromibm", Alice, "TS012345678_answer.txt")));
    }

    [Fact]
    public async Task AnExistingFileIsReplacedOnlyWithForce()
    {
        await AddAccountAsync(Alice);
        var target = _workspace.PathOf("data", "fromibm", Alice, "fix.zip");
        await File.WriteAllTextAsync(_workspace.PathOf("fix.zip"), "first");
        await CliRun.InvokeAsync(_workspace, "fromibm", "put", Alice, "fix.zip");
        await File.WriteAllTextAsync(_workspace.PathOf("fix.zip"), "second");

        var refused = await CliRun.InvokeAsync(_workspace, "fromibm", "put", Alice, "fix.zip");
        Assert.Equal(ExitCodes.Error, refused.ExitCode);
        Assert.Contains("Use --force to replace it.", refused.Error, StringComparison.Ordinal);
        Assert.Equal("first", await File.ReadAllTextAsync(target));

        var forced = await CliRun.InvokeAsync(_workspace, "fromibm", "put", Alice, "fix.zip", "--force");
        Assert.Equal(ExitCodes.Ok, forced.ExitCode);
        Assert.StartsWith("Replaced /fromibm/fix.zip", forced.Output, StringComparison.Ordinal);
        Assert.Equal("second", await File.ReadAllTextAsync(target));
    }

    [Theory]
    [InlineData("E-NOBODY0000x", "is not a Transfer ID of this server")]
    [InlineData("anonymous", "Anonymous users have no /fromibm")]
    public async Task UnknownAndAnonymousAccountsAreRefused(string id, string message)
    {
        await AddAccountAsync(Alice);
        await File.WriteAllTextAsync(_workspace.PathOf("fix.zip"), "x");

        var run = await CliRun.InvokeAsync(_workspace, "fromibm", "put", id, "fix.zip");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_workspace.PathOf("data", "fromibm", id)));
    }

    [Fact]
    public async Task AMissingFileIsRefused()
    {
        await AddAccountAsync(Alice);

        var run = await CliRun.InvokeAsync(_workspace, "fromibm", "put", Alice, "missing.zip");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("no such file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingArgumentIsAUsageError()
    {
        var run = await CliRun.InvokeAsync(_workspace, "fromibm", "put", Alice);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    private async Task AddAccountAsync(string id)
    {
        var add = await CliRun.InvokeWithInputAsync(_workspace, "a-good-password\n", "users", "add", id, "--password-stdin");
        Assert.Equal(ExitCodes.Ok, add.ExitCode);
    }
}
