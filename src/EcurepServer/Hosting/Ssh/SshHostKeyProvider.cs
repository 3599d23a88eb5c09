using System.Security.Cryptography;
using EcurepServer.Settings;
using EcurepServer.Ssh.Keys;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting.Ssh;

/// <summary>The host keys in the certificate directory, generated on first use and shared by every site's SFTP listener.</summary>
public sealed class SshHostKeyProvider(AppPaths paths, ILogger<SshHostKeyProvider> logger)
{
    private readonly Lock _gate = new();
    private HostKeyStore? _store;

    public IReadOnlyList<SshHostKey> Keys
    {
        get
        {
            lock (_gate)
            {
                _store ??= HostKeyStore.LoadOrCreate(paths.CertificateDirectory, logger);
                return _store.Keys;
            }
        }
    }

    /// <summary>
    /// Reads the host key files again (a missing one is generated as at start). Keys that fail to load are logged and
    /// the ones loaded before stay. True when the keys changed.
    /// </summary>
    public bool Reload()
    {
        lock (_gate)
        {
            if (_store is null)
            {
                return false;
            }

            HostKeyStore fresh;
            try
            {
                fresh = HostKeyStore.LoadOrCreate(paths.CertificateDirectory, logger);
            }
            catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
            {
                logger.LogError(exception, "Cannot reload the SSH host keys from {CertificateDirectory}; the ones loaded before stay in use", paths.CertificateDirectory);
                return false;
            }

            if (fresh.Keys.Select(k => k.PublicKey.Fingerprint).SequenceEqual(_store.Keys.Select(k => k.PublicKey.Fingerprint), StringComparer.Ordinal))
            {
                return false;
            }

            _store = fresh;
            return true;
        }
    }
}
