using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

/// <summary>"reset": the same reset as POST /reset, from the command line, also while a server holds uploads open.</summary>
public sealed class ResetCommandTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task ResetDeletesUploadsPartialsAndReceiptsAndKeepsAccountsUnlessAsked()
    {
        Assert.Equal(0, (await CliRun.InvokeWithInputAsync(_workspace, "a-good-password-1\n", "users", "add", "E-RESET00001a", "--password-stdin")).ExitCode);
        var delivered = Write("data", "uploads", "toibm", "aix", "E-RESET00001a", "x.bin");
        var partial = Write("data", "uploads", "toibm", "aix", ".partial", "E-RESET00001a", "y.bin");
        var receipts = Write("data", "receipts.jsonl");
        var fromIbm = Write("data", "fromibm", "E-RESET00001a", "fix.zip");

        var reset = await CliRun.InvokeAsync(_workspace, "reset");

        Assert.Equal(0, reset.ExitCode);
        Assert.Contains("deleted 3 files", reset.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(delivered) || File.Exists(partial) || File.Exists(receipts));
        Assert.True(File.Exists(fromIbm));
        Assert.True(Directory.Exists(_workspace.PathOf("data", "uploads", "toibm", "aix")));
        Assert.Contains("E-RESET00001a", (await CliRun.InvokeAsync(_workspace, "users", "list")).Output, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRun.InvokeAsync(_workspace, "reset", "--accounts")).ExitCode);
        Assert.DoesNotContain("E-RESET00001a", (await CliRun.InvokeAsync(_workspace, "users", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartialFileAServerHoldsOpenRefusesTheResetUnlessForced()
    {
        var partial = Write("data", "uploads", "toibm", "aix", ".partial", "E-RESET00001a", "busy.bin");
        var delivered = Write("data", "uploads", "toibm", "aix", "E-RESET00001a", "done.bin");

        // As the server holds a partial file while it writes it: open, with an exclusive lock.
        using (new FileStream(partial, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = await CliRun.InvokeAsync(_workspace, "reset");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("busy.bin", refused.Error, StringComparison.Ordinal);
            Assert.True(File.Exists(delivered));

            Assert.Equal(0, (await CliRun.InvokeAsync(_workspace, "reset", "--force")).ExitCode);
        }

        Assert.False(File.Exists(partial) || File.Exists(delivered));
    }

    private string Write(params string[] parts)
    {
        var path = _workspace.PathOf(parts);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "bytes");
        return path;
    }
}
