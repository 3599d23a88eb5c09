using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The built server started with each configuration or environment error of the issue: "run" and "config check"
/// end with exit code 1 and one line that names the key or file (line and column for JSON), and no stack trace
/// reaches stdout or stderr. A misspelt key is a warning for "run" and fails "config check".
/// </summary>
public sealed partial class StartupErrorTests : IAsyncLifetime
{
    private static readonly string[] TestPorts =
        [.. ServerProcess.Sites.SelectMany(site => new[] { $"Sites:{site}:Ftps:Port=0", $"Sites:{site}:Ssh:Port=0" })];

    private readonly List<IAsyncDisposable> _servers = [];
    private readonly TcpListener _portHolder = new(IPAddress.Loopback, 0);

    public static TheoryData<string, string> Errors => new()
    {
        { "run", "retention 7d" },
        { "run", "ftps port 70000" },
        { "run", "sftp idle timeout abc" },
        { "run", "port in use" },
        { "run", "settings file missing a comma" },
        { "run", "accounts file holding []" },
        { "config check", "retention 7d" },
        { "config check", "ftps port 70000" },
        { "config check", "sftp idle timeout abc" },
        { "config check", "port in use" },
        { "config check", "settings file missing a comma" },
        { "config check", "accounts file holding []" },
    };

    private int HeldPort => ((IPEndPoint)_portHolder.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _portHolder.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _portHolder.Stop();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task An_error_is_exit_code_1_with_one_line_naming_the_key_or_file_and_no_stack_trace(string verb, string error)
    {
        var (setting, expected, prepare) = Scenario(error);
        var server = Track(ServerProcess.Create(setting));
        prepare?.Invoke(server.Root);

        var result = await server.CliAsync(null, verb.Split(' '));

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = Lines(result);
        Assert.DoesNotContain(lines, line => StackFrame().IsMatch(line));
        Assert.DoesNotContain("Exception", result.Output + result.Error, StringComparison.Ordinal);
        var message = Assert.Single(lines, line => line.StartsWith("Configuration error: ", StringComparison.Ordinal) || line.StartsWith("Cannot start: ", StringComparison.Ordinal));
        Assert.Matches(expected(server.Root), message);
    }

    [Fact]
    public async Task A_misspelt_key_is_a_warning_naming_the_key_it_probably_meant_and_the_server_runs()
    {
        var server = Track(ServerProcess.Create("Sites:Europe:Ftps:Portt=2121"));

        await server.StartAsync();

        var warning = await server.WaitForLogAsync(@"\[\d\d:\d\d:\d\d WRN\] Unknown configuration key (\S+) is ignored; did you mean (\S+)\?");
        Assert.Equal("EcurepServer:Sites:Europe:Ftps:Portt", warning.Groups[1].Value);
        Assert.Equal("EcurepServer:Sites:Europe:Ftps:Port", warning.Groups[2].Value);
        Assert.DoesNotContain(server.Log.Split('\n'), line => StackFrame().IsMatch(line));
    }

    [Fact]
    public async Task Config_check_passes_the_shipped_configuration_and_fails_a_misspelt_key()
    {
        var server = Track(ServerProcess.CreateWithShippedSettings(TestPorts));

        var shipped = await server.CliAsync(null, "config", "check");
        var json = await server.CliAsync(null, "config", "check", "--json");
        var misspelt = await server.CliAsync(null, "config", "check", "--EcurepServer:Sites:Europe:Ftps:Portt=2121");

        Assert.True(shipped.ExitCode == 0, shipped.ToString());
        Assert.Equal("", shipped.Error);
        Assert.StartsWith("Configuration OK: ", shipped.Output, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(
            "7.00:00:00",
            System.Text.Json.JsonDocument.Parse(json.Output).RootElement.GetProperty("EcurepServer").GetProperty("DropBox").GetProperty("Retention").GetString());
        Assert.True(misspelt.ExitCode == 1, misspelt.ToString());
        Assert.Equal(
            "Warning: Unknown configuration key EcurepServer:Sites:Europe:Ftps:Portt is ignored; did you mean EcurepServer:Sites:Europe:Ftps:Port?",
            misspelt.Error.Trim());
        Assert.Equal(["config"], Directory.GetFileSystemEntries(server.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Root_and_ECUREP_ROOT_run_the_server_and_the_verbs_from_any_directory()
    {
        var server = Track(ServerProcess.Create());
        var elsewhere = Directory.CreateTempSubdirectory("ecurep-elsewhere-").FullName;
        try
        {
            await server.StartFromAsync(elsewhere, new Dictionary<string, string> { ["ECUREP_ROOT"] = server.Root });
            await server.WaitForLogAsync("Created demo Transfer ID E-ABCD12345f");

            var list = await server.CliFromAsync(elsewhere, null, "--root", server.Root, "users", "list");

            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.StartsWith("E-ABCD12345f\t", list.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(server.DataDirectory, "catalog.db")));
            Assert.True(File.Exists(Path.Combine(server.Root, "certs", "ftps.crt")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(server.Root, "logs")));
            Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    private static string[] Lines(ProcessResult result) =>
        (result.Output + "\n" + result.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The setting (under EcurepServer:), the expected message given the server's root, and what to change in its files first.</summary>
    private (string Setting, Func<string, string> Expected, Action<string>? Prepare) Scenario(string error) => error switch
    {
        "retention 7d" => ("DropBox:Retention=7d", _ => "^Configuration error: EcurepServer:DropBox:Retention: '7d' is not a time span such as 7.00:00:00", null),
        "ftps port 70000" => ("Sites:Europe:Ftps:Port=70000", _ => @"^Configuration error: EcurepServer:Sites:Europe:Ftps:Port: must be between 0 and 65535, 0 for an ephemeral port \(was 70000\)\.$", null),
        "sftp idle timeout abc" => ("Sites:Europe:Ssh:IdleTimeout=abc", _ => "^Configuration error: EcurepServer:Sites:Europe:Ssh:IdleTimeout: 'abc' is not a time span", null),
        "port in use" => (
            $"Sites:Europe:Ftps:Port={HeldPort}",
            _ => $"^(Cannot start|Configuration error): EcurepServer:Sites:Europe:Ftps:Port: cannot listen on 127.0.0.1 port {HeldPort}: Address already in use$",
            null),
        "settings file missing a comma" => ("DataDirectory=data", root => $"^Configuration error: {Regex.Escape(Path.Combine(root, "config", "appsettings.json"))}: line {AccountsFileLine()}, column 5: ", RemoveComma),
        "accounts file holding []" => (
            "DataDirectory=data",
            root => $"^Configuration error: EcurepServer:AccountsFile {Regex.Escape(Path.Combine(root, "config", "accounts.json"))}: line 1, column \\d+: expected an object with an \"accounts\" list",
            root => File.WriteAllText(Path.Combine(root, "config", "accounts.json"), "[]")),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };

    /// <summary>The line after "DataDirectory" in the shipped file, where the parser notices the missing comma.</summary>
    private static int AccountsFileLine() =>
        Array.FindIndex(File.ReadAllLines(Workspace.ShippedSettings), line => line.Contains("\"AccountsFile\"", StringComparison.Ordinal)) + 1;

    private static void RemoveComma(string root)
    {
        var path = Path.Combine(root, "config", "appsettings.json");
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("\"DataDirectory\": \"data\",", "\"DataDirectory\": \"data\"", StringComparison.Ordinal));
    }

    private ServerProcess Track(ServerProcess server)
    {
        _servers.Add(server);
        return server;
    }

    [GeneratedRegex(@"^\s+at ")]
    private static partial Regex StackFrame();
}
