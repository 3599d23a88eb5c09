using System.Security.Cryptography;
using EcurepServer.Ssh.Tests.Support;
using Renci.SshNet;

namespace EcurepServer.Ssh.Tests;

/// <summary>
/// Real SFTP clients through <see cref="SshServer"/> to OpenSSH's sftp-server as the subsystem: pipelined
/// uploads and downloads stress the windows and packet sizes of the channel layer.
/// </summary>
public sealed class ServerSftpTests
{
    [Fact]
    public async Task OpenSshSftpPutsAndGetsAFileByteExact()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        var source = WriteRandomFile(harness, "source.bin", 64 * 1024 * 1024);
        var back = Path.Combine(harness.WorkDirectory, "back.bin");
        var batch = Path.Combine(harness.WorkDirectory, "batch");
        await File.WriteAllTextAsync(batch, $"put {source} uploaded.bin\nget uploaded.bin {back}\n");

        var result = await ExternalProcess.RunAsync(
            "sftp",
            ["-b", batch, "-F", "/dev/null", "-P", harness.Port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", $"{ServerHarness.User}@127.0.0.1"],
            timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(Sha256(source), Sha256(Path.Combine(harness.SftpRoot, "uploaded.bin")));
        Assert.Equal(Sha256(source), Sha256(back));
    }

    /// <summary>
    /// OpenSSH 9.2 (Debian bookworm) speaks sntrup761 under both names and puts it first by default; ML-KEM came
    /// with OpenSSH 9.9, so SSH.NET covers that one. A small rekey limit makes the client re-exchange keys mid-upload
    /// (OpenSSH re-keys about once per burst of window below 256K, which the growing window would make 11 or more).
    /// </summary>
    [Theory]
    [InlineData("sntrup761x25519-sha512@openssh.com", "sntrup761x25519-sha512@openssh.com")]
    [InlineData("sntrup761x25519-sha512", "sntrup761x25519-sha512")]
    [InlineData(null, "sntrup761x25519-sha512")]
    public async Task OpenSshSftpUploadsOverThePostQuantumKeyExchange(string? offered, string negotiated)
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        var source = WriteRandomFile(harness, "source.bin", 1024 * 1024);
        var batch = Path.Combine(harness.WorkDirectory, "batch");
        await File.WriteAllTextAsync(batch, $"put {source} uploaded.bin\n");
        string[] kex = offered is null ? [] : ["-o", "KexAlgorithms=" + offered];

        var result = await ExternalProcess.RunAsync(
            "sftp",
            ["-v", "-b", batch, "-F", "/dev/null", "-P", harness.Port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "RekeyLimit=1M", .. kex,
                $"{ServerHarness.User}@127.0.0.1"],
            timeout: TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"debug1: kex: algorithm: {negotiated}", result.Error.Split('\n').Select(line => line.TrimEnd('\r')));
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains($"key exchange 1: {negotiated}, ", StringComparison.Ordinal));
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains($"key exchange 2: {negotiated}, ", StringComparison.Ordinal));
        Assert.Equal(Sha256(source), Sha256(Path.Combine(harness.SftpRoot, "uploaded.bin")));
    }

    [Theory]
    [InlineData("mlkem768x25519-sha256")]
    [InlineData("sntrup761x25519-sha512")]
    [InlineData("sntrup761x25519-sha512@openssh.com")]
    public async Task SshNetUploadsOverEachPostQuantumKeyExchange(string kex)
    {
        await using var harness = await ServerHarness.StartAsync();
        var source = WriteRandomFile(harness, "source.bin", 1024 * 1024);
        var connection = new PasswordConnectionInfo("127.0.0.1", harness.Server.LocalEndPoint.Port, ServerHarness.User, ServerHarness.Password);
        foreach (var other in connection.KeyExchangeAlgorithms.Keys.Where(name => name != kex).ToList())
        {
            connection.KeyExchangeAlgorithms.Remove(other);
        }

        using var client = new SftpClient(connection);
        await client.ConnectAsync(CancellationToken.None);
        await using (var upload = File.OpenRead(source))
        {
            client.UploadFile(upload, "uploaded.bin");
        }

        client.Disconnect();
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains($"key exchange 1: {kex}, ", StringComparison.Ordinal));
        Assert.Equal(Sha256(source), Sha256(Path.Combine(harness.SftpRoot, "uploaded.bin")));
    }

    [Fact]
    public async Task SshNetUploadsAndDownloadsByteExact()
    {
        await using var harness = await ServerHarness.StartAsync();
        var source = WriteRandomFile(harness, "source.bin", 16 * 1024 * 1024);
        using var client = new SftpClient("127.0.0.1", harness.Server.LocalEndPoint.Port, ServerHarness.User, ServerHarness.Password);
        await client.ConnectAsync(CancellationToken.None);

        await using (var upload = File.OpenRead(source))
        {
            client.UploadFile(upload, "uploaded.bin");
        }

        using var download = new MemoryStream();
        client.DownloadFile("uploaded.bin", download);
        client.Disconnect();

        Assert.Equal(Sha256(source), Sha256(Path.Combine(harness.SftpRoot, "uploaded.bin")));
        Assert.Equal(Sha256(source), Convert.ToHexStringLower(SHA256.HashData(download.ToArray())));
    }

    [Fact]
    public async Task ParamikoUploadsAndDownloadsByteExact()
    {
        await using var harness = await ServerHarness.StartAsync();
        var source = WriteRandomFile(harness, "source.bin", 16 * 1024 * 1024);
        var back = Path.Combine(harness.WorkDirectory, "back.bin");
        const string script = """
            import sys, paramiko
            t = paramiko.Transport(('127.0.0.1', int(sys.argv[1])))
            t.connect(username='alice', password='s3cret')
            s = paramiko.SFTPClient.from_transport(t)
            s.put(sys.argv[2], 'uploaded.bin')
            s.get('uploaded.bin', sys.argv[3])
            s.close()
            t.close()
            """;

        var result = await ExternalProcess.RunAsync("/usr/bin/python3", ["-c", script, harness.Port, source, back], timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(Sha256(source), Sha256(back));
    }

    private static string WriteRandomFile(ServerHarness harness, string name, int length)
    {
        var path = Path.Combine(harness.WorkDirectory, name);
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(length));
        return path;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
