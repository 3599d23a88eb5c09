using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// Debian's HAProxy in TCP mode in front of server nodes, as deploy/cluster/haproxy.cfg has it: one frontend per
/// protocol on a loopback port, each node behind it with send-proxy-v2 and a health check. Its connections to the
/// nodes come from <see cref="Source"/>, so a node can tell the balancer from the client (127.0.0.1).
/// </summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    public static readonly IPAddress Source = IPAddress.Parse("127.0.0.2");

    private static readonly IPAddress ProbeSource = IPAddress.Parse("127.0.0.254");

    private readonly string _directory;
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private HaproxyProcess(string directory, Process process, IReadOnlyDictionary<string, IPEndPoint> frontends)
    {
        _directory = directory;
        _process = process;
        Frontends = frontends;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The address clients connect to, by frontend name ("ftps", "sftp").</summary>
    public IReadOnlyDictionary<string, IPEndPoint> Frontends { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts HAProxy with a frontend per entry of <paramref name="backends"/>, balancing over its nodes (first one first, for tests that must know where a connection goes).</summary>
    public static async Task<HaproxyProcess> StartAsync(IReadOnlyDictionary<string, IReadOnlyList<IPEndPoint>> backends, string balance = "first")
    {
        var directory = Directory.CreateTempSubdirectory("ecurep-haproxy-").FullName;
        var frontends = backends.Keys.ToDictionary(name => name, _ => new IPEndPoint(IPAddress.Loopback, FreePort.On(IPAddress.Loopback)));
        var config = new StringBuilder("""
            global
                maxconn 1000
            defaults
                mode tcp
                log stdout format raw local0
                option tcplog
                timeout connect 5s
                timeout client 120s
                timeout server 120s
                timeout check 5s

            """);
        foreach (var (name, nodes) in backends)
        {
            config.Append(CultureInfo.InvariantCulture, $"frontend {name}\n    bind {frontends[name]}\n    default_backend {name}_nodes\n");
            config.Append(CultureInfo.InvariantCulture, $"backend {name}_nodes\n    balance {balance}\n    source {Source}\n");
            config.Append("    default-server send-proxy-v2 check inter 500ms fall 1 rise 1\n");
            for (var i = 0; i < nodes.Count; i++)
            {
                config.Append(CultureInfo.InvariantCulture, $"    server node{i + 1} {nodes[i]}\n");
            }
        }

        var file = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(file, config.ToString());
        var process = ExternalProcess.Start("haproxy", ["-db", "-f", file], directory);
        var haproxy = new HaproxyProcess(directory, process, frontends);
        try
        {
            foreach (var frontend in frontends.Values)
            {
                await haproxy.WaitAcceptingAsync(frontend);
            }
        }
        catch
        {
            await haproxy.DisposeAsync();
            throw;
        }

        return haproxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitAcceptingAsync(IPEndPoint frontend)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                // From an address of its own: the probe reaches a node as a client that never logs in.
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(ProbeSource, 0));
                await probe.ConnectAsync(frontend, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
