namespace EcurepServer.IntegrationTests.Support;

/// <summary>Where the built server and its shipped settings are.</summary>
public static class Workspace
{
    /// <summary>The server as built for this test run (copied beside the tests by the project reference).</summary>
    public static string ServerDll { get; } = Path.Combine(AppContext.BaseDirectory, "EcurepServer.dll");

    /// <summary>The dotnet executable the tests run under, so the server runs on the same runtime.</summary>
    public static string Dotnet { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// For every dotnet process the tests start: without the diagnostics channel, whose pipes in /tmp a killed
    /// server would leave behind.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DotnetEnvironment { get; } =
        new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" };

    public static string ShippedSettings => Path.Combine(RepositoryFiles.Root(), "config", "appsettings.json");
}
