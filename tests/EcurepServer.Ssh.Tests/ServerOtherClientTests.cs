using EcurepServer.Ssh.Tests.Support;
using Renci.SshNet;

namespace EcurepServer.Ssh.Tests;

/// <summary>paramiko, SSH.NET and curl (libssh2) against a real <see cref="SshServer"/>: key exchange, authentication, channels.</summary>
public sealed class ServerOtherClientTests
{
    private const string ParamikoScript = """
        import sys, paramiko
        port, key = int(sys.argv[1]), sys.argv[2]
        for kwargs in ({'password': 's3cret'}, {'key_filename': key}):
            c = paramiko.SSHClient()
            c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
            c.connect('127.0.0.1', port=port, username='alice', allow_agent=False, look_for_keys=False, timeout=20, **kwargs)
            ch = c.get_transport().open_session()
            ch.invoke_subsystem('echo')
            ch.sendall(b'ping')
            ch.shutdown_write()
            data = b''
            while True:
                d = ch.recv(1024)
                if not d:
                    break
                data += d
            print('echo', data.decode(), ch.recv_exit_status())
            stdin, stdout, stderr = c.exec_command('scp -t /toibm')
            print('exec', stdout.channel.recv_exit_status(), stderr.read().decode().strip())
            c.close()
        """;

    [Fact]
    public async Task ParamikoLogsInWithPasswordAndRsaKeyAndUsesChannels()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("rsa", 3072);

        var result = await ExternalProcess.RunAsync("/usr/bin/python3", ["-c", ParamikoScript, harness.Port, key], timeout: TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("echo ping 0", lines[0]);
        Assert.StartsWith("exec 1 Secure Copy and shell access are not supported", lines[1], StringComparison.Ordinal);
        Assert.Equal(lines[0], lines[2]);
        Assert.Equal(lines[1], lines[3]);
    }

    [Fact]
    public async Task SshNetLogsInWithPasswordAndACommandIsRefused()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = new SshClient("127.0.0.1", harness.Server.LocalEndPoint.Port, ServerHarness.User, ServerHarness.Password);

        await client.ConnectAsync(CancellationToken.None);
        using var command = client.RunCommand("scp -t /toibm");

        Assert.Equal(1, command.ExitStatus);
        Assert.Contains("not supported", command.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsa", 3072)]
    [InlineData("ed25519", null)]
    [InlineData("ecdsa", 256)]
    public async Task SshNetLogsInWithAKey(string type, int? bits)
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync(type, bits);
        using var keyFile = new PrivateKeyFile(key);
        using var client = new SshClient("127.0.0.1", harness.Server.LocalEndPoint.Port, ServerHarness.User, keyFile);

        await client.ConnectAsync(CancellationToken.None);
        using var command = client.RunCommand("ls");

        Assert.Equal(1, command.ExitStatus);
    }

    [Fact]
    public async Task CurlCompletesKeyExchangeAndAuthentication()
    {
        await using var harness = await ServerHarness.StartAsync();

        var result = await ExternalProcess.RunAsync(
            "curl",
            ["-v", "-k", "--connect-timeout", "20", "--max-time", "60", "--user", $"{ServerHarness.User}:{ServerHarness.Password}", $"sftp://127.0.0.1:{harness.Port}/"],
            timeout: TimeSpan.FromSeconds(90));

        Assert.Contains("Authentication complete", result.Error, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("authenticated with password", StringComparison.Ordinal));
    }
}
