using EcurepServer.Settings;
using EcurepServer.Ssh.Keys;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting.Ssh;

/// <summary>The host keys in the certificate directory, generated on first use and shared by every site's SFTP listener.</summary>
public sealed class SshHostKeyProvider(AppPaths paths, ILogger<SshHostKeyProvider> logger)
{
    private readonly Lazy<HostKeyStore> _store = new(() => HostKeyStore.LoadOrCreate(paths.CertificateDirectory, logger));

    public IReadOnlyList<SshHostKey> Keys => _store.Value.Keys;
}
