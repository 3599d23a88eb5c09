using System.Text.Json.Nodes;
using EcurepServer.Settings;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class ConfigurationPrecedenceTests
{
    [Fact]
    public void TheFileIsReadFromConfigUnderTheWorkingDirectory()
    {
        using var workspace = new TempWorkspace();

        var options = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, []), workspace.Root);

        Assert.Equal(["aix", "linux"], AppConfiguration.Build(workspace.Root, []).GetSection("EcurepServer:DropBox:Products").GetChildren().Select(c => c.Value));
        Assert.Equal(0, options.Sites["Europe"].Ftps.Port);
    }

    [Fact]
    public void EnvironmentBeatsTheFileAndTheCommandLineBeatsBoth()
    {
        var site = "Precedence" + Guid.NewGuid().ToString("N");
        var settings = TempWorkspace.ValidSettings();
        settings["EcurepServer"]!["Sites"]![site] = new JsonObject { ["Ftps"] = new JsonObject { ["Port"] = 1001, ["IdleTimeout"] = "00:01:00" } };
        using var workspace = new TempWorkspace(settings);
        var variable = $"EcurepServer__Sites__{site}__Ftps__Port";
        Environment.SetEnvironmentVariable(variable, "1002");
        try
        {
            var fromEnvironment = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, []), workspace.Root);
            var fromCommandLine = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, [$"--EcurepServer:Sites:{site}:Ftps:Port=1003"]), workspace.Root);
            var separateValue = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, [$"--EcurepServer:Sites:{site}:Ftps:Port", "1004"]), workspace.Root);

            Assert.Equal(1002, fromEnvironment.Sites[site].Ftps.Port);
            Assert.Equal(TimeSpan.FromMinutes(1), fromEnvironment.Sites[site].Ftps.IdleTimeout);
            Assert.Equal(1003, fromCommandLine.Sites[site].Ftps.Port);
            Assert.Equal(1004, separateValue.Sites[site].Ftps.Port);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void RelativePathsAreAnchoredToTheWorkingDirectory()
    {
        var settings = TempWorkspace.ValidSettings();
        settings["Serilog"]!["WriteTo"]!.AsArray().Add(new JsonObject { ["Name"] = "File", ["Args"] = new JsonObject { ["path"] = "logs/ecurep-.log" } });
        using var workspace = new TempWorkspace(settings);

        var configuration = AppConfiguration.Build(workspace.Root, []);
        var paths = new AppPaths(workspace.Root, AppConfiguration.BindOptions(configuration, workspace.Root));

        Assert.Equal(workspace.PathOf("logs", "ecurep-.log"), configuration["Serilog:WriteTo:1:Args:path"]);
        Assert.Equal(workspace.PathOf("data"), paths.DataDirectory);
        Assert.Equal(workspace.PathOf("config", "accounts.json"), paths.AccountsFile);
        Assert.Equal(workspace.PathOf("certs"), paths.CertificateDirectory);
    }
}
