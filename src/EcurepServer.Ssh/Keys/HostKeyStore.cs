using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Keys;

/// <summary>
/// The host keys in a directory (OpenSSH file names and formats, so <c>ssh-keygen -l -f</c> reads them): loaded
/// when present, generated once when missing (Ed25519, ECDSA P-256, RSA 3072).
/// </summary>
public sealed class HostKeyStore
{
    private HostKeyStore(IReadOnlyList<SshHostKey> keys) => Keys = keys;

    public IReadOnlyList<SshHostKey> Keys { get; }

    public static HostKeyStore LoadOrCreate(string directory, ILogger? logger = null) => throw new NotImplementedException();
}
