using System.Globalization;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// The server published as the README says (self-contained, one file, linux-x64) into a temporary directory, once
/// per test class that uses it (xunit class fixture): publishing takes a while. Built with its own artifacts path,
/// so the solution's build output the other tests run is left alone. Deleted afterwards.
/// </summary>
public sealed class PublishedServer : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("ecurep-publish-").FullName;

    /// <summary>The directory the single file and its beside-files are in.</summary>
    public string PublishDirectory => Path.Combine(_directory, "publish");

    public string Executable => Path.Combine(PublishDirectory, "EcurepServer");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(RepositoryFiles.Root(), "src", "EcurepServer", "EcurepServer.csproj");
        var publish = await ExternalProcess.RunAsync(
            Workspace.Dotnet,
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true",
             "-o", PublishDirectory, "--artifacts-path", Path.Combine(_directory, "artifacts"), "-nologo"],
            _directory,
            timeout: PublishTimeout,
            environment: Workspace.DotnetEnvironment);
        Assert.True(publish.ExitCode == 0, publish.ToString());

        // Other users may enter it (the temporary directory is the test user's alone), as /opt would be.
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode everyoneEnters = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(_directory, everyoneEnters);
            File.SetUnixFileMode(PublishDirectory, everyoneEnters);
        }

        Assert.True(File.Exists(Executable), string.Join(", ", Directory.GetFiles(PublishDirectory).Select(Path.GetFileName)));
        Assert.True(File.Exists(Path.Combine(PublishDirectory, "config", "dialects", "ecurep.json")), "the shipped dialects lie beside the single file");
        var managedFiles = Directory.GetFiles(PublishDirectory, "*.dll");
        Assert.True(managedFiles.Length == 0, string.Create(CultureInfo.InvariantCulture, $"a single file, yet beside it: {string.Join(", ", managedFiles)}"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
