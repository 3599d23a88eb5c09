using EcurepServer.Hosting;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Tests;

/// <summary>The host as "run" builds it, without starting any listener.</summary>
public sealed class HostBuildTests
{
    [Fact]
    public async Task TheShippedLoggingConfigurationWritesCompactJsonWithTheRenderedMessageUnderTheWorkingDirectory()
    {
        using var workspace = new TempWorkspace();
        File.Copy(Path.Combine(RepositoryFiles.Root(), "config", "appsettings.json"), workspace.SettingsPath, overwrite: true);

        using (var host = EcurepHost.Build(workspace.Root, ["--Serilog:WriteTo:0:Args:restrictedToMinimumLevel=Fatal"]))
        {
            host.Services.GetRequiredService<ILogger<HostBuildTests>>().LogWarning("Probe {Value}", 42);
        }

        var logFile = Assert.Single(Directory.GetFiles(workspace.PathOf("logs"), "ecurep-*.log"));
        var line = Assert.Single(await File.ReadAllLinesAsync(logFile));
        Assert.Contains("\"@m\":\"Probe 42\"", line, StringComparison.Ordinal);
        Assert.Contains("\"Value\":42", line, StringComparison.Ordinal);
    }

    [Fact]
    public void EachSiteGetsAHostedServiceAndTheShutdownTimeoutCoversTheGracePeriod()
    {
        using var workspace = new TempWorkspace();

        using var host = EcurepHost.Build(workspace.Root, [
            "--EcurepServer:ShutdownGracePeriod=00:00:12",
            "--EcurepServer:Sites:Asia:Ftps:Enabled=false"]);

        Assert.Equal(2, host.Services.GetServices<IHostedService>().OfType<FtpsSiteService>().Count());
        var hostOptions = host.Services.GetRequiredService<IOptions<HostOptions>>().Value;
        Assert.True(hostOptions.ShutdownTimeout > TimeSpan.FromSeconds(12));
        Assert.True(hostOptions.ServicesStopConcurrently);
    }
}
