using System.Security.Cryptography;
using EcurepServer.Ssh.Keys;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>Keys checked against OpenSSH's ssh-keygen: fingerprints, file formats both ways, signatures.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Host_keys_are_generated_once_in_openssh_files_that_ssh_keygen_reads()
    {
        var first = HostKeyStore.LoadOrCreate(_directory.Path);
        var second = HostKeyStore.LoadOrCreate(_directory.Path);

        Assert.Equal(["ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"], first.Keys.Select(k => k.PublicKey.KeyType));
        Assert.Equal(first.Keys.Select(k => k.PublicKey.Fingerprint), second.Keys.Select(k => k.PublicKey.Fingerprint));
        Assert.Equal(3072, SshPublicKey.RsaBits(RsaModulus(first.Keys[2].PublicKey)));
        foreach (var (name, key) in new[] { "ssh_host_ed25519_key", "ssh_host_ecdsa_key", "ssh_host_rsa_key" }.Zip(first.Keys))
        {
            var path = _directory.Combine(name);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Contains(key.PublicKey.Fingerprint, (await SshKeygenAsync("-l", "-f", path)).Output, StringComparison.Ordinal);
            Assert.Contains(key.PublicKey.Fingerprint, (await SshKeygenAsync("-l", "-f", path + ".pub")).Output, StringComparison.Ordinal);
            Assert.StartsWith(key.PublicKey.ToOpenSsh(), (await SshKeygenAsync("-y", "-f", path)).Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_damaged_host_key_file_stops_loading_and_is_left_alone()
    {
        HostKeyStore.LoadOrCreate(_directory.Path);
        var path = _directory.Combine("ssh_host_ecdsa_key");
        File.WriteAllText(path, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");

        var ex = Assert.Throws<CryptographicException>(() => HostKeyStore.LoadOrCreate(_directory.Path));

        Assert.Contains("ssh_host_ecdsa_key", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ed25519", "256", "ssh-ed25519")]
    [InlineData("ecdsa", "256", "ecdsa-sha2-nistp256")]
    [InlineData("ecdsa", "384", "ecdsa-sha2-nistp384")]
    [InlineData("ecdsa", "521", "ecdsa-sha2-nistp521")]
    [InlineData("rsa", "2048", "rsa-sha2-512")]
    [InlineData("rsa", "3072", "rsa-sha2-256")]
    public async Task Keys_made_by_ssh_keygen_load_sign_and_verify(string type, string bits, string algorithm)
    {
        var path = _directory.Combine("key");
        await SshKeygenAsync("-q", "-t", type, "-b", bits, "-N", string.Empty, "-f", path);
        var hostKey = HostKeyStoreReader.Read(path);
        Assert.True(SshPublicKey.TryParseOpenSsh(File.ReadAllText(path + ".pub"), out var publicKey));
        Assert.Equal(publicKey, hostKey.PublicKey);
        Assert.Contains(publicKey!.Fingerprint, (await SshKeygenAsync("-l", "-f", path)).Output, StringComparison.Ordinal);

        var data = "exchange hash or session data"u8.ToArray();
        var signature = hostKey.Sign(algorithm, data);

        Assert.True(publicKey.Verify(algorithm, data, signature));
        Assert.False(publicKey.Verify(algorithm, "other data"u8, signature));
        Assert.False(publicKey.Verify(algorithm == "rsa-sha2-512" ? "rsa-sha2-256" : "ssh-rsa", data, signature));
    }

    [Fact]
    public async Task Rsa_keys_under_2048_bits_are_refused()
    {
        var path = _directory.Combine("small");
        await SshKeygenAsync("-q", "-t", "rsa", "-b", "1024", "-N", string.Empty, "-f", path);
        Assert.False(SshPublicKey.TryParseOpenSsh(File.ReadAllText(path + ".pub"), out _));
    }

    [Fact]
    public void Malformed_public_keys_are_refused()
    {
        Assert.False(SshPublicKey.TryParseOpenSsh("ssh-ed25519 not-base64!", out _));
        Assert.False(SshPublicKey.TryParseOpenSsh("ssh-ed25519", out _));
        Assert.False(SshPublicKey.TryParse([0, 0, 0, 11, .. "ssh-ed25519"u8, 0, 0, 0, 31, .. new byte[31]], out _));
        Assert.False(SshPublicKey.TryParse([0, 0, 0, 255], out _));
        var ed25519 = TestHostKeys.All[0].PublicKey;
        Assert.False(SshPublicKey.TryParseOpenSsh("ecdsa-sha2-nistp256 " + Convert.ToBase64String(ed25519.Blob.Span), out _));
        Assert.True(SshPublicKey.TryParseOpenSsh(ed25519.ToOpenSsh() + " comment with spaces", out var parsed));
        Assert.Equal(ed25519, parsed);
    }

    private static byte[] RsaModulus(SshPublicKey key)
    {
        var reader = new EcurepServer.Ssh.Protocol.SshReader(key.Blob.Span);
        reader.ReadUtf8();
        reader.ReadMPIntBytes();
        return reader.ReadMPIntBytes().ToArray();
    }

    private static async Task<ProcessResult> SshKeygenAsync(params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("ssh-keygen", arguments, timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.Error);
        return result;
    }

    private static class HostKeyStoreReader
    {
        public static SshHostKey Read(string path) => OpenSshPrivateKeyFile.Read(File.ReadAllText(path));
    }
}
