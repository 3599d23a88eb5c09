using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// The real server executable in its own temp working directory (the shipped config/appsettings.json, its own data,
/// accounts, certificates and logs), configured through command-line overrides. Disposal kills the process tree,
/// fails the test if any session transcript, log file or console line holds a password of the server's accounts
/// (the demo password's one announcement aside), and deletes the directory.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    /// <summary>The sites of the shipped configuration.</summary>
    public static readonly IReadOnlyList<string> Sites = ["Europe", "AsiaPacific", "Americas"];

    /// <summary>Every site key the tests change: loopback, OS-chosen control, passive and SSH ports, cheap hashing.</summary>
    public static readonly IReadOnlyList<string> TestSettings =
    [
        .. Sites.SelectMany(site => new[]
        {
            $"Sites:{site}:Ftps:BindAddress=127.0.0.1",
            $"Sites:{site}:Ftps:Port=0",
            $"Sites:{site}:Ftps:PassivePortMin=0",
            $"Sites:{site}:Ftps:PassivePortMax=0",
            $"Sites:{site}:Ssh:BindAddress=127.0.0.1",
            $"Sites:{site}:Ssh:Port=0",
        }),
        "Pbkdf2Iterations=10000",
        "DropBox:FailedLoginDelay=00:00:00",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly List<string> _log = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly List<string> _overrides;
    private readonly List<string> _secrets = [];
    private string? _demoPassword;
    private Process? _process;
    private Task? _exited;

    private ServerProcess(IEnumerable<string> settings)
    {
        Root = Directory.CreateTempSubdirectory("ecurep-it-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "config"));
        File.Copy(Workspace.ShippedSettings, Path.Combine(Root, "config", "appsettings.json"));
        _overrides = [.. settings.Select(setting => "--EcurepServer:" + setting)];
        ReadyFile = Path.Combine(Root, "ready.json");
    }

    /// <summary>
    /// The ready file every start asks for (--ready-file) and the tests read the listeners' endpoints from, once every
    /// listener accepts (see README "Readiness"); another path may be set before the start.
    /// </summary>
    public string ReadyFile { get; set; }

    /// <summary>The ready file of the running server, read when it appeared.</summary>
    public JsonElement Ready { get; private set; }

    /// <summary>The working directory; relative paths of the configuration resolve against it.</summary>
    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public IPEndPoint ControlEndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    public string Log
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>A server with the shipped configuration plus <see cref="TestSettings"/> and <paramref name="settings"/> (keys under EcurepServer:).</summary>
    public static ServerProcess Create(params string[] settings) => new([.. TestSettings, .. settings]);

    /// <summary>A server with the shipped configuration and only <paramref name="settings"/> changed.</summary>
    public static ServerProcess CreateWithShippedSettings(params string[] settings) => new(settings);

    /// <summary>Starts "EcurepServer run" and waits until it writes its ready file.</summary>
    public Task StartAsync() => StartAsync(Workspace.Dotnet, RunArguments());

    /// <summary>The server's arguments for dotnet: "run", <paramref name="options"/>, then <see cref="ServerOptions"/>.</summary>
    public IReadOnlyList<string> RunArguments(params string[] options) => [Workspace.ServerDll, "run", .. options, .. ServerOptions()];

    /// <summary>What every start of this server passes after "run": the ready file and the configuration overrides.</summary>
    public IReadOnlyList<string> ServerOptions() => ["--ready-file", ReadyFile, .. _overrides];

    /// <summary>The process id of what was started (the server, or the program it was started under).</summary>
    public int StartedProcessId => (_process ?? throw new InvalidOperationException("The server is not running.")).Id;

    /// <summary>
    /// Starts "EcurepServer run" in a network namespace of its own with only its loopback up, so a test can cut the
    /// network under a client (<see cref="SetLoopbackAsync"/>) without touching the machine's. Clients reach it through
    /// <see cref="InServerNetwork"/>. Needs root, as the test machines run.
    /// </summary>
    public Task StartInOwnNetworkAsync() => StartIsolatedAsync(["--net"], "ip link set lo up");

    /// <summary>
    /// Starts "EcurepServer run" with its data directory on a tmpfs of <paramref name="bytes"/> in a mount namespace of
    /// its own, so a test can fill the disk without touching the machine's. Only the server sees that tmpfs: look at it
    /// through <see cref="ServerFilesAsync"/> and <see cref="InServerMountsAsync"/>. Needs root.
    /// </summary>
    public Task StartWithSmallDiskAsync(long bytes) =>
        StartIsolatedAsync(
            ["--mount", "--propagation", "private"],
            $"mkdir -p data && mount -t tmpfs -o size={bytes.ToString(CultureInfo.InvariantCulture)} tmpfs data");

    /// <summary>The command prefix that runs a program in the server's network namespace (after <see cref="StartInOwnNetworkAsync"/>).</summary>
    public IReadOnlyList<string> InServerNetwork => ["nsenter", "-t", ProcessId, "-n", "--"];

    /// <summary>Runs a command in the server's mount namespace (after <see cref="StartWithSmallDiskAsync"/>) and asserts it succeeded.</summary>
    public Task<string> InServerMountsAsync(params string[] command) => InServerNamespaceAsync("-m", command);

    /// <summary>Every file below the data directory as the server sees it, with its size, by path relative to it.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ServerFilesAsync() =>
        (await InServerMountsAsync("find", DataDirectory, "-type", "f", "-printf", "%P %s\n"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));

    private string ProcessId => (_process ?? throw new InvalidOperationException("The server is not running.")).Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Takes the server's loopback down (every packet on it is lost, as when a cable is pulled) or up again.</summary>
    public Task SetLoopbackAsync(bool up) => InServerNamespaceAsync("-n", "ip", "link", "set", "lo", up ? "up" : "down");

    /// <summary>Starts the server under unshare with <paramref name="namespaces"/>, after <paramref name="setup"/> ran inside them.</summary>
    private Task StartIsolatedAsync(string[] namespaces, string setup) =>
        StartAsync("unshare", [.. namespaces, "--", "sh", "-c", setup + " && exec \"$0\" \"$@\"", Workspace.Dotnet, .. RunArguments()]);

    /// <summary>Runs a command in one of the server's namespaces (nsenter's flag: -n network, -m mounts) and asserts it succeeded.</summary>
    private async Task<string> InServerNamespaceAsync(string namespaceFlag, params string[] command)
    {
        var result = await ExternalProcess.RunAsync("nsenter", ["-t", ProcessId, namespaceFlag, "--", .. command], Root);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }

    /// <summary>
    /// Starts "EcurepServer run" from another current directory with <paramref name="environment"/> added (such as
    /// ECUREP_ROOT pointing at <see cref="Root"/>) and waits until it writes its ready file.
    /// </summary>
    public Task StartFromAsync(string currentDirectory, IReadOnlyDictionary<string, string> environment) =>
        StartAsync(Workspace.Dotnet, RunArguments(), currentDirectory, environment);

    /// <summary>Starts the server with another command line (which must pass <see cref="ServerOptions"/>) and waits for its ready file.</summary>
    public async Task StartAsync(
        string fileName, IReadOnlyList<string> arguments, string? currentDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = currentDirectory ?? Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in Workspace.DotnetEnvironment.Concat(environment ?? new Dictionary<string, string>()))
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A file left by a killed server must not be taken for this one's.
        File.Delete(ReadyFile);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.Start();
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _exited = FailWaitersOnExitAsync(process);

        Ready = await ReadReadyFileAsync(process);
        if (Ready.GetProperty("sites").TryGetProperty("Europe", out _) && EndPointOf("Europe", "ftps") is { } control)
        {
            ControlEndPoint = control;
        }
    }

    /// <summary>Where a site's listener ("ftps", "ftp" for the legacy plain one, or "sftp") accepts, from the ready file.</summary>
    public Task<IPEndPoint> ListeningEndPointAsync(string site, string protocol = "ftps") =>
        Task.FromResult(EndPointOf(site, protocol) ?? throw new InvalidOperationException($"Site {site} has no {protocol} listener:\n{Log}"));

    /// <summary>The endpoint the ready file names; a wildcard address is reached through loopback.</summary>
    private IPEndPoint? EndPointOf(string site, string protocol)
    {
        var prefix = protocol switch { "ftps" => "ftps", "ftp" => "legacy", "sftp" => "sftp", _ => throw new ArgumentOutOfRangeException(nameof(protocol)) };
        var entry = Ready.GetProperty("sites").GetProperty(site);
        if (entry.GetProperty(prefix + "Port").ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var address = IPAddress.Parse(entry.GetProperty(prefix + "Address").GetString()!);
        var port = entry.GetProperty(prefix + "Port").GetInt32();
        return address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, port) : new IPEndPoint(address, port);
    }

    /// <summary>Waits for the ready file (renamed into place whole); fails when the server exits or takes too long.</summary>
    private async Task<JsonElement> ReadReadyFileAsync(Process process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!File.Exists(ReadyFile))
        {
            if (process.HasExited)
            {
                await _exited!;
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The server exited with code {process.ExitCode} before it was ready:\n{Log}"));
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server did not write {ReadyFile} in time:\n{Log}");
            }

            await Task.Delay(20);
        }

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(ReadyFile));
        return document.RootElement.Clone();
    }

    /// <summary>Waits until a log line matches (lines already logged count); fails if the server exits first.</summary>
    public Task<Match> WaitForLogAsync(string pattern, TimeSpan? timeout = null) =>
        WaitForLogAsync(new Regex(pattern, RegexOptions.CultureInvariant), timeout);

    public async Task<Match> WaitForLogAsync(Regex pattern, TimeSpan? timeout = null)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            foreach (var line in _log)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"The server exited before logging /{pattern}/:\n{string.Join('\n', _log)}");
            }

            _waiters.Add((pattern, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The server did not log /{pattern}/ in time:\n{Log}");
        }
    }

    /// <summary>Runs a management verb against this server's working directory and configuration.</summary>
    public Task<ProcessResult> CliAsync(string? input, params string[] arguments) => CliFromAsync(Root, input, arguments);

    /// <summary>Runs a verb (with this server's overrides) from another current directory; the arguments say where the root is.</summary>
    public Task<ProcessResult> CliFromAsync(string currentDirectory, string? input, params string[] arguments) =>
        ExternalProcess.RunAsync(
            Workspace.Dotnet, [Workspace.ServerDll, .. arguments, .. _overrides], currentDirectory, input, environment: Workspace.DotnetEnvironment);

    /// <summary>Adds a Transfer ID through "users add --password-stdin", as an operator would; its password must never be written.</summary>
    public async Task AddAccountAsync(string transferId, string password)
    {
        _secrets.Add(password);
        var result = await CliAsync(password + "\n", "users", "add", transferId, "--password-stdin");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>The receipts as "uploads list --json" prints them.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReceiptsAsync()
    {
        var result = await CliAsync(null, "uploads", "list", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>The sessions as "sessions list --json" prints them, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> SessionsAsync()
    {
        var result = await CliAsync(null, "sessions", "list", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>A session's transcript as "sessions show" renders it, once the session has ended (its transcript is written behind it).</summary>
    public async Task<IReadOnlyList<string>> TranscriptAsync(string sessionId)
    {
        var file = Path.Combine(DataDirectory, "sessions", $"{sessionId[..4]}-{sessionId[4..6]}-{sessionId[6..8]}", sessionId + ".jsonl");
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!File.Exists(file) || !File.ReadLines(file).Any(line => line.StartsWith("{\"event\":\"end\"", StringComparison.Ordinal)))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }

        var result = await CliAsync(null, "sessions", "show", sessionId);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Bytes kept for a resume of an interrupted upload: Core holds them below the product's hidden ".partial" folder.</summary>
    public long PartialBytes(string product, string name)
    {
        var partials = new DirectoryInfo(Path.Combine(DataDirectory, "uploads", "toibm", product, ".partial"));
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        return partials.Exists ? partials.EnumerateFiles(name, options).Sum(file => file.Length) : 0;
    }

    /// <summary>
    /// Where the one delivery of <paramref name="name"/> into the product is kept: in the folder of the account that
    /// delivered it (<c>uploads/toibm/&lt;product&gt;/&lt;account folder&gt;/&lt;name&gt;</c>). A path that does not
    /// exist when nothing of that name was delivered; fails when several accounts delivered it.
    /// </summary>
    public string DeliveredFile(string product, string name)
    {
        var productDirectory = new DirectoryInfo(Path.Combine(DataDirectory, "uploads", "toibm", product));
        var found = productDirectory.Exists
            ? productDirectory.EnumerateDirectories().Where(folder => !folder.Name.StartsWith('.')).Select(folder => Path.Combine(folder.FullName, name)).Where(File.Exists).ToList()
            : [];
        Assert.True(found.Count <= 1, $"{name} was delivered by several accounts: {string.Join(", ", found)}");
        return found.Count == 1 ? found[0] : Path.Combine(productDirectory.FullName, "(not delivered)", name);
    }

    /// <summary>
    /// Every file and folder below the data directory, relative and sorted, to show that nothing was written; the session
    /// transcripts aside, which record every conversation, refused ones too, and the catalog, whose files change with every claim.
    /// </summary>
    public IReadOnlyList<string> DataEntries() =>
        [.. Directory.EnumerateFileSystemEntries(DataDirectory, "*", SearchOption.AllDirectories)
            .Where(entry => !IsBookkeeping(Path.GetRelativePath(DataDirectory, entry).Split(Path.DirectorySeparatorChar)[0]))
            .Select(entry => Path.GetRelativePath(DataDirectory, entry) + (Directory.Exists(entry) ? "/" : $" ({new FileInfo(entry).Length})"))
            .Order(StringComparer.Ordinal)];

    /// <summary>What <see cref="DataEntries"/> leaves out.</summary>
    private static bool IsBookkeeping(string topEntry) => topEntry == "sessions" || topEntry.StartsWith("catalog.db", StringComparison.Ordinal);

    /// <summary>Stops the server with SIGTERM and returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("The server was not started.");
        await ExternalProcess.TerminateAsync(process);
        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    /// <summary>Stops the server and starts it again in the same directory; the log starts afresh, so new endpoints are read.</summary>
    public async Task RestartAsync()
    {
        Assert.Equal(0, await StopAsync(TimeSpan.FromSeconds(60)));
        await _exited!;
        _process!.Dispose();
        _process = null;
        lock (_lock)
        {
            _log.Clear();
        }

        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            await _exited!;
            process.Dispose();
        }

        var leaks = SecretLeaks();
        DeleteRoot();
        Assert.True(leaks.Count == 0, "A password of the server's accounts was written where it must never be:\n" + string.Join('\n', leaks));
    }

    /// <summary>
    /// Every line of a session transcript, a log file or the console output that holds a password of the server's accounts,
    /// as written or JSON-escaped. The demo password's announcement at first start is the one line allowed to.
    /// </summary>
    private List<string> SecretLeaks()
    {
        var secrets = new List<string>(_secrets);
        if (_demoPassword is { } demo)
        {
            secrets.Add(demo);
        }

        var forms = secrets.SelectMany(secret => new[] { secret, JsonEncodedText.Encode(secret).ToString() }).Distinct(StringComparer.Ordinal).ToList();
        var files = new[] { Path.Combine(DataDirectory, "sessions"), Path.Combine(Root, "logs") }
            .Where(Directory.Exists)
            .SelectMany(directory => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories));
        var lines = files.SelectMany(file => File.ReadLines(file).Select(line => $"{Path.GetRelativePath(Root, file)}: {line}"))
            .Concat(Log.Split('\n').Select(line => "console: " + line));
        return [.. lines.Where(line => !line.Contains("Created demo Transfer ID", StringComparison.Ordinal)
            && forms.Any(form => line.Contains(form, StringComparison.Ordinal)))];
    }

    private void DeleteRoot()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising handle; the OS temp cleaner takes it later.
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _log.Add(line);
            if (DemoPassword().Match(line) is { Success: true } demo)
            {
                _demoPassword = demo.Groups[1].Value;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Pattern.Match(line) is { Success: true } match)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private async Task FailWaitersOnExitAsync(Process process)
    {
        await process.WaitForExitAsync();
        lock (_lock)
        {
            var log = string.Join('\n', _log);
            foreach (var (pattern, found) in _waiters)
            {
                found.TrySetException(new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture, $"The server exited with code {process.ExitCode} before logging /{pattern}/:\n{log}")));
            }

            _waiters.Clear();
        }
    }

    [GeneratedRegex(@"Created demo Transfer ID \S+ with password (\S+)")]
    private static partial Regex DemoPassword();
}
