using System.Runtime.InteropServices;
using EcurepServer.Certificates;
using EcurepServer.Hosting.Ssh;
using EcurepServer.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting;

/// <summary>
/// Reloads the FTPS certificates and SSH host keys without a restart: on SIGHUP, and a moment after the configured
/// PEM/PFX files or the files in the certificate directory change (writers replace a certificate and its key one
/// after the other; the pause lets both land). New connections get the new ones; sessions in progress keep theirs;
/// a file that does not load is logged and the old certificate or key stays.
/// </summary>
public sealed partial class CredentialReloadService(
    IServiceProvider services,
    EcurepServerOptions options,
    AppPaths paths,
    FtpsCertificateProvider certificates,
    SshHostKeyProvider hostKeys,
    TimeProvider time,
    ILogger<CredentialReloadService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private PosixSignalRegistration? _hangUp;
    private ITimer? _settle;
    private HashSet<string> _watchedFiles = new(StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                // Handled: without this the runtime's default for SIGHUP ends the process.
                context.Cancel = true;
                LogSignal(logger);
                Reload();
            });
        }

        _settle = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Watch();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangUp?.Dispose();
        _hangUp = null;
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _watchers.Clear();
        _settle?.Dispose();
    }

    /// <summary>Reads the certificates and host keys again and hands the changed ones to the listeners.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            var ftps = certificates.Reload();
            var ssh = hostKeys.Reload();
            if (!ftps && !ssh)
            {
                LogUnchanged(logger);
                return;
            }

            foreach (var site in services.GetServices<IHostedService>().OfType<IReloadsCredentials>())
            {
                site.ReloadCredentials();
            }
        }
    }

    private void Watch()
    {
        var certificateDirectory = Path.GetFullPath(paths.CertificateDirectory);
        var files = options.Sites.Values
            .SelectMany(site => new[] { site.Ftps.Certificate, site.Ftps.SecondCertificate })
            .Where(certificate => certificate.IsConfigured)
            .SelectMany(certificate => new[] { certificate.PemCertificate, certificate.PemKey, certificate.Pfx })
            .Where(file => !string.IsNullOrWhiteSpace(file))
            .Select(file => Path.GetFullPath(paths.Resolve(file!)));
        _watchedFiles = new HashSet<string>(files, StringComparer.Ordinal);
        var directories = _watchedFiles.Select(Path.GetDirectoryName).OfType<string>().Append(certificateDirectory).Distinct(StringComparer.Ordinal);
        foreach (var directory in directories.Where(Directory.Exists))
        {
            try
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    IncludeSubdirectories = false,
                };
                var wholeDirectory = directory == certificateDirectory;
                watcher.Changed += (_, e) => Changed(e.FullPath, wholeDirectory);
                watcher.Created += (_, e) => Changed(e.FullPath, wholeDirectory);
                watcher.Renamed += (_, e) => Changed(e.FullPath, wholeDirectory);
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // inotify watches are a per-user limit; SIGHUP still reloads.
                LogCannotWatch(logger, exception, directory);
            }
        }
    }

    private void Changed(string path, bool inCertificateDirectory)
    {
        if (inCertificateDirectory || _watchedFiles.Contains(path))
        {
            _settle?.Change(SettleTime, Timeout.InfiniteTimeSpan);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP: reloading the FTPS certificates and SSH host keys")]
    private static partial void LogSignal(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificates and host keys unchanged")]
    private static partial void LogUnchanged(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {Directory} for certificate changes; SIGHUP still reloads them")]
    private static partial void LogCannotWatch(ILogger logger, Exception exception, string directory);
}
