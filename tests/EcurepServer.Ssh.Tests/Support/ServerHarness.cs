using System.Diagnostics;
using System.Globalization;
using System.Net;
using EcurepServer.Connections;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Ssh.Keys;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>
/// A real <see cref="SshServer"/> on 127.0.0.1 port 0 with the test user, an "echo" and a "sink" subsystem, and a
/// temporary directory for client keys and scripts; removed on dispose.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string User = ConnectionHarness.User;
    public const string Password = ConnectionHarness.Password;

    private ServerHarness(SshServerOptions options, IClientGuard? guard, ProxyProtocolGate? proxyProtocol)
    {
        options.BindAddress = IPAddress.Loopback;
        options.Port = 0;
        Options = options;
        Directory.CreateDirectory(SftpRoot);
        Server = new SshServer(options, TestHostKeys.All, Authenticator, new Dictionary<string, ISshSubsystemHandler>
        {
            ["echo"] = new EchoSubsystem(),
            ["sink"] = Sink,
            ["sftp"] = new SftpServerProcessSubsystem(SftpRoot),
        }, Logger, Observer)
        {
            Guard = guard ?? NoClientGuard.Instance,
            ProxyProtocol = proxyProtocol ?? ProxyProtocolGate.None,
        };
    }

    public SshServerOptions Options { get; }

    public SshServer Server { get; }

    public TestAuthenticator Authenticator { get; } = new(User, Password);

    public HashingSink Sink { get; } = new();

    public ListLogger Logger { get; } = new();

    /// <summary>What the server told its observer about each connection.</summary>
    public RecordingSshObserver Observer { get; } = new();

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "ssh-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the "sftp" subsystem (OpenSSH's sftp-server) starts.</summary>
    public string SftpRoot => Path.Combine(WorkDirectory, "sftp");

    public string Port => Server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    /// <param name="guard">The defender the server asks at accept and tells of offences; none when null.</param>
    /// <param name="proxyProtocol">The load balancers whose PROXY headers the server reads; none when null.</param>
    public static async Task<ServerHarness> StartAsync(SshServerOptions? options = null, IClientGuard? guard = null, ProxyProtocolGate? proxyProtocol = null)
    {
        var harness = new ServerHarness(options ?? new SshServerOptions(), guard, proxyProtocol);
        await harness.Server.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Generates a client key with ssh-keygen and authorizes it for the test user; returns the private key's path.</summary>
    public async Task<string> AuthorizeNewKeyAsync(string type, int? bits = null)
    {
        var (path, key) = await NewKeyAsync(type, bits);
        Authenticator.AuthorizedKeys.Add(key);
        return path;
    }

    /// <summary>Generates a client key with ssh-keygen that nobody authorized; returns the private key's path and the public key.</summary>
    public async Task<(string Path, SshPublicKey Key)> NewKeyAsync(string type, int? bits = null)
    {
        var path = Path.Combine(WorkDirectory, $"id_{type}_{Guid.NewGuid():N}");
        List<string> arguments = ["-q", "-t", type, "-N", string.Empty, "-f", path];
        if (bits is { } b)
        {
            arguments.AddRange(["-b", b.ToString(CultureInfo.InvariantCulture)]);
        }

        var result = await ExternalProcess.RunAsync("ssh-keygen", arguments, timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(0, result.ExitCode);
        Assert.True(SshPublicKey.TryParseOpenSsh(await File.ReadAllTextAsync(path + ".pub"), out var key));
        return (path, key!);
    }

    /// <summary>A script OpenSSH runs as SSH_ASKPASS: it prints the password whatever the prompt.</summary>
    public string WriteAskPass(string password)
    {
        var path = Path.Combine(WorkDirectory, "askpass.sh");
        File.WriteAllText(path, $"#!/bin/sh\necho '{password}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>Common OpenSSH arguments: no config, no host key checks, this server's port.</summary>
    public string[] SshArguments(params string[] extra) =>
    [
        "-F", "/dev/null", "-p", Port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR", .. extra,
    ];

    /// <summary>OpenSSH's ssh without a terminal (setsid), answering its one password prompt through SSH_ASKPASS.</summary>
    public ProcessStartInfo AskPassSsh(string method, params string[] extra) =>
        ExternalProcess.StartInfo(
            "setsid",
            ["-w", "ssh", .. SshArguments(["-o", "PreferredAuthentications=" + method, "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", .. extra])],
            environment: new Dictionary<string, string> { ["SSH_ASKPASS"] = WriteAskPass(Password), ["SSH_ASKPASS_REQUIRE"] = "force", ["DISPLAY"] = ":0" });

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}
