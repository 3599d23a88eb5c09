using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Ssh.Keys;

/// <summary>
/// The host keys in a directory (OpenSSH file names and formats, so <c>ssh-keygen -l -f</c> reads them): loaded
/// when present, generated once when missing (Ed25519, ECDSA P-256, RSA 3072). Private key files are mode 0600.
/// </summary>
public sealed partial class HostKeyStore
{
    private static readonly (string FileName, Func<SshHostKey> Generate)[] KeyFiles =
    [
        ("ssh_host_ed25519_key", Ed25519HostKey.Generate),
        ("ssh_host_ecdsa_key", EcdsaHostKey.Generate),
        ("ssh_host_rsa_key", () => RsaHostKey.Generate(3072)),
    ];

    private HostKeyStore(IReadOnlyList<SshHostKey> keys) => Keys = keys;

    public IReadOnlyList<SshHostKey> Keys { get; }

    /// <exception cref="CryptographicException">A key file exists but cannot be read; it is left untouched.</exception>
    public static HostKeyStore LoadOrCreate(string directory, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        Directory.CreateDirectory(directory);
        var keys = new List<SshHostKey>();
        foreach (var (fileName, generate) in KeyFiles)
        {
            var path = Path.Combine(directory, fileName);
            SshHostKey key;
            if (File.Exists(path))
            {
                try
                {
                    key = OpenSshPrivateKeyFile.Read(File.ReadAllText(path));
                }
                catch (CryptographicException ex)
                {
                    throw new CryptographicException($"host key file {path}: {ex.Message}", ex);
                }

                LogLoaded(logger, key.PublicKey.KeyType, key.PublicKey.Fingerprint, path);
            }
            else
            {
                key = generate();
                WriteAtomically(path, OpenSshPrivateKeyFile.Write(key, "ecurepserver"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
                LogGenerated(logger, key.PublicKey.KeyType, key.PublicKey.Fingerprint, path);
            }

            var publicPath = path + ".pub";
            if (!File.Exists(publicPath))
            {
                WriteAtomically(
                    publicPath,
                    key.PublicKey.ToOpenSsh() + " ecurepserver\n",
                    UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            keys.Add(key);
        }

        return new HostKeyStore(keys);
    }

    /// <summary>Written beside the target and renamed, so a crash never leaves half a key under the real name.</summary>
    private static void WriteAtomically(string path, string content, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, mode);
        }

        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SSH host key {KeyType} {Fingerprint} loaded from {Path}")]
    private static partial void LogLoaded(ILogger logger, string keyType, string fingerprint, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SSH host key {KeyType} {Fingerprint} generated in {Path}")]
    private static partial void LogGenerated(ILogger logger, string keyType, string fingerprint, string path);
}
