using EcurepServer.Cli;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

/// <summary>--root and ECUREP_ROOT: the configuration's relative paths resolve against them, file arguments against the current directory.</summary>
public sealed class RootDirectoryTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("ecurep-elsewhere-").FullName;

    public void Dispose()
    {
        _workspace.Dispose();
        Directory.Delete(_elsewhere, recursive: true);
    }

    [Fact]
    public async Task RootPointsEveryVerbAtAnotherDirectory()
    {
        var add = await RunElsewhereAsync(null, "s3cret-pass\n", "users", "add", "E-ROOT00001", "--password-stdin", "--root", _workspace.Root);
        var list = await RunElsewhereAsync(null, "", "--root", _workspace.Root, "users", "list");

        Assert.Equal(ExitCodes.Ok, add.ExitCode);
        Assert.StartsWith("E-ROOT00001\t", list.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(_workspace.PathOf("data", "catalog.db")));
        Assert.Empty(Directory.GetFileSystemEntries(_elsewhere));
    }

    [Fact]
    public async Task ARelativeRootIsRelativeToTheCurrentDirectory()
    {
        var relative = Path.GetRelativePath(_elsewhere, _workspace.Root);

        var check = await RunElsewhereAsync(null, "", "config", "check", "--root", relative);

        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.StartsWith($"Configuration OK: {_workspace.SettingsPath}", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEnvironmentVariableIsUsedWhenRootIsNotGivenAndRootWins()
    {
        using var other = new TempWorkspace();
        await RunElsewhereAsync(_workspace.Root, "pass-word-1\n", "users", "add", "E-ENV000001", "--password-stdin");

        var fromVariable = await RunElsewhereAsync(_workspace.Root, "", "users", "list");
        var fromOption = await RunElsewhereAsync(_workspace.Root, "", "users", "list", "--root", other.Root);

        Assert.StartsWith("E-ENV000001\t", fromVariable.Output, StringComparison.Ordinal);
        Assert.Equal("", fromOption.Output);
        Assert.Equal(ExitCodes.Ok, fromOption.ExitCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AMissingRootIsAnErrorNamingWhereItCameFrom(bool asOption)
    {
        var missing = Path.Combine(_elsewhere, "missing");

        var run = asOption
            ? await RunElsewhereAsync(null, "", "users", "list", "--root", missing)
            : await RunElsewhereAsync(missing, "", "users", "list");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Equal($"{(asOption ? "--root" : "ECUREP_ROOT")}: {missing} is not a directory (the root directory holds config/appsettings.json).", run.Error.Trim());
    }

    [Fact]
    public async Task FileArgumentsAreRelativeToTheCurrentDirectory()
    {
        await RunElsewhereAsync(null, "pass-word-1\n", "users", "add", "E-FILE00001", "--password-stdin", "--root", _workspace.Root);
        await File.WriteAllTextAsync(Path.Combine(_elsewhere, "fix.zip"), "the fix");

        var put = await RunElsewhereAsync(null, "", "--root", _workspace.Root, "fromibm", "put", "E-FILE00001", "fix.zip");

        Assert.Equal(ExitCodes.Ok, put.ExitCode);
        Assert.Equal("the fix", await File.ReadAllTextAsync(_workspace.PathOf("data", "fromibm", "E-FILE00001", "fix.zip")));
    }

    /// <summary>The CLI as started from <see cref="_elsewhere"/>, with ECUREP_ROOT set to <paramref name="rootVariable"/>.</summary>
    private async Task<CliRun> RunElsewhereAsync(string? rootVariable, string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(_elsewhere, new StringReader(input), output, error) { RootFromEnvironment = rootVariable };
        var exitCode = await EcurepCli.InvokeAsync(args, context);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
