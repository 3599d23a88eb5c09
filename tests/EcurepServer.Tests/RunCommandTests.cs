using EcurepServer.Cli;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

/// <summary>Only start-up refusals: a server that really listens is the integration tests' business.</summary>
public sealed class RunCommandTests
{
    [Theory]
    [InlineData("--EcurepServer:Sites:Europe:Ftps:Port=70000", "EcurepServer:Sites:Europe:Ftps:Port")]
    [InlineData("--EcurepServer:Sites:Europe:Ftps:IdleTimeout=soon", "EcurepServer:Sites:Europe:Ftps:IdleTimeout")]
    [InlineData("--EcurepServer:DropBox:MaxUploadBytes=0", "EcurepServer:DropBox:MaxUploadBytes")]
    [InlineData("--EcurepServer:DropBox:Quota:AnonymousBytesPerDay=-1", "EcurepServer:DropBox:Quota:AnonymousBytesPerDay must be 0 (no quota)")]
    [InlineData("--EcurepServer:DropBox:PartialRetention=00:00:05", "EcurepServer:DropBox:PartialRetention")]
    [InlineData("--EcurepServer:DropBox:AnonymousPartialRetention=00:00:10", "EcurepServer:DropBox:AnonymousPartialRetention")]
    [InlineData("--EcurepServer:Transcripts:MaxQueuedEvents=1", "EcurepServer:Transcripts:MaxQueuedEvents")]
    [InlineData("--EcurepServer:Transcripts:Retention=00:00:01", "EcurepServer:Transcripts:Retention")]
    [InlineData("--EcurepServer:Sites:Europe:Transcripts:Enabled=perhaps", "EcurepServer:Sites:Europe:Transcripts:Enabled")]
    public async Task ABadValueStopsTheHostNamingTheKey(string setting, string key)
    {
        using var workspace = new TempWorkspace();

        var run = await CliRun.InvokeAsync(workspace, "run", setting);

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains(key, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.PathOf("config", "accounts.json")));
    }

    [Fact]
    public async Task EmptyProductsStopTheHost()
    {
        var settings = TempWorkspace.ValidSettings();
        settings["EcurepServer"]!["DropBox"]!["Products"] = new System.Text.Json.Nodes.JsonArray();
        using var workspace = new TempWorkspace(settings);

        var run = await CliRun.InvokeAsync(workspace);

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("EcurepServer:DropBox:Products", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingSettingsFileIsAnError()
    {
        using var workspace = new TempWorkspace();
        File.Delete(workspace.SettingsPath);

        var run = await CliRun.InvokeAsync(workspace, "run");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("appsettings.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASyntaxErrorInTheSettingsFileNamesItsLineAndColumn()
    {
        using var workspace = new TempWorkspace();
        await File.WriteAllTextAsync(workspace.SettingsPath, "{\n  \"EcurepServer\": {\n    \"DataDirectory\": \"data\"\n    \"AccountsFile\": \"a.json\"\n  }\n}\n");

        var run = await CliRun.InvokeAsync(workspace, "run");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Equal(
            $"Configuration error: {workspace.SettingsPath}: line 4, column 5: '\"' is invalid after a value. Expected either ',', '}}', or ']'.",
            run.Error.Trim());
    }

    [Fact]
    public async Task ABrokenAccountsFileStopsTheStartNamingTheFile()
    {
        using var workspace = new TempWorkspace();
        var accounts = workspace.PathOf("config", "accounts.json");
        await File.WriteAllTextAsync(accounts, "{\"accounts\": [");

        var run = await CliRun.InvokeAsync(workspace, "run");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.StartsWith($"Configuration error: EcurepServer:AccountsFile {accounts}: line 1, column ", run.Error, StringComparison.Ordinal);
        Assert.Equal("{\"accounts\": [", await File.ReadAllTextAsync(accounts));
    }
}
