using System.Net;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>The built server driven as a test team's suite drives it: the ready file, the management API, real clients.</summary>
public sealed class ManagementEndToEndTests
{
    private const string Token = "e2e-token-0123456789abcdef";

    [Fact]
    public async Task APythonSuiteWithTheStandardLibraryUploadsAwaitsComparesAndResets()
    {
        await using var server = ServerProcess.Create(
            "Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}");
        var script = Path.Combine(AppContext.BaseDirectory, "Clients", "management_e2e.py");

        var result = await ExternalProcess.RunAsync(
            "python3",
            [script, server.Root, server.ReadyFile, Token, "--", Workspace.Dotnet, .. server.RunArguments()],
            server.Root,
            timeout: TimeSpan.FromMinutes(4),
            environment: Workspace.DotnetEnvironment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("end-to-end OK", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessTurns503WhileTheDataDirectoryIsReadOnlyAndBack()
    {
        await using var server = ServerProcess.Create(
            "Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}", "Management:MinFreeBytes=1048576",
            "Catalog:Path=catalog.db");

        // The tests run as root, whom file modes do not stop; a read-only mount does. The data directory is a tmpfs
        // in the server's own mount namespace, remounted read-only there and back, without touching the machine's; the
        // catalog lives outside it, as a file open for writing makes the remount fail ("mount point is busy").
        await server.StartWithSmallDiskAsync(64L * 1024 * 1024);
        using var client = new HttpClient { BaseAddress = new Uri(server.Ready.GetProperty("managementUrl").GetString()!) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await server.InServerMountsAsync("mount", "-o", "remount,ro", server.DataDirectory);
        using (var readOnly = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readOnly.StatusCode);
            Assert.Equal("application/problem+json", readOnly.Content.Headers.ContentType?.MediaType);
            Assert.Contains("not writable", await readOnly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        await server.InServerMountsAsync("mount", "-o", "remount,rw", server.DataDirectory);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }
}
