using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EcurepServer.Settings;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Certificates;

/// <summary>
/// Loads each site's FTPS certificate: the configured PEM pair or PKCS#12 file, or else the shared self-signed
/// certificate in the certificate directory, generated on first use and reused afterwards.
/// </summary>
public sealed class FtpsCertificateProvider(
    EcurepServerOptions options,
    AppPaths paths,
    TimeProvider timeProvider,
    ILogger<FtpsCertificateProvider> logger) : IDisposable
{
    public const string CertificateFileName = "ftps.crt";
    public const string KeyFileName = "ftps.key";

    private readonly Lock gate = new();
    private readonly Dictionary<string, ServerCertificate> loaded = new(StringComparer.Ordinal);

    public string GeneratedCertificatePath => Path.Combine(paths.CertificateDirectory, CertificateFileName);

    public string GeneratedKeyPath => Path.Combine(paths.CertificateDirectory, KeyFileName);

    public ServerCertificate ForSite(string siteName)
    {
        var configured = options.Sites[siteName].Ftps.Certificate;
        var key = configured.IsConfigured ? $"site:{siteName}" : "generated";
        lock (gate)
        {
            if (!loaded.TryGetValue(key, out var certificate))
            {
                var keyPrefix = $"{EcurepServerOptions.SectionName}:Sites:{siteName}:Ftps:Certificate";
                certificate = configured.IsConfigured ? LoadConfigured(configured, keyPrefix) : LoadOrGenerate();
                WarnIfExpired(certificate);
                loaded[key] = certificate;
            }

            return certificate;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var certificate in loaded.Values)
            {
                certificate.Certificate.Dispose();
            }

            loaded.Clear();
        }
    }

    private ServerCertificate LoadConfigured(CertificateOptions configured, string keyPrefix)
    {
        if (configured.UsesPfx)
        {
            var pfx = paths.Resolve(configured.Pfx!);
            var certificate = Load($"{keyPrefix}:Pfx", pfx, () => X509CertificateLoader.LoadPkcs12FromFile(pfx, configured.PfxPassword));
            return Describe(certificate, pfx);
        }

        var certificatePath = paths.Resolve(configured.PemCertificate!);
        var keyPath = paths.Resolve(configured.PemKey!);
        return Describe(Load($"{keyPrefix}:PemCertificate", certificatePath, () => LoadPem(certificatePath, keyPath)), certificatePath);
    }

    private ServerCertificate LoadOrGenerate()
    {
        var certificatePath = GeneratedCertificatePath;
        var keyPath = GeneratedKeyPath;
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            Generate(certificatePath, keyPath);
        }

        var keyName = $"{EcurepServerOptions.SectionName}:CertificateDirectory";
        return Describe(Load(keyName, certificatePath, () => LoadPem(certificatePath, keyPath)), certificatePath);
    }

    private void Generate(string certificatePath, string keyPath)
    {
        Directory.CreateDirectory(paths.CertificateDirectory);
        var hostNames = options.Sites.Values.Where(s => !s.Ftps.Certificate.IsConfigured).SelectMany(s => s.HostNames);
        var (certificatePem, keyPem) = SelfSignedCertificate.Create(hostNames, timeProvider.GetUtcNow());

        // The key first: a certificate file without its key is never left behind.
        PemFiles.WriteAtomically(keyPath, keyPem, isPrivate: true);
        PemFiles.WriteAtomically(certificatePath, certificatePem, isPrivate: false);
        logger.LogWarning("Generated a self-signed FTPS certificate in {CertificatePath}; configure a real one for clients that verify certificates", certificatePath);
    }

    /// <summary>A PEM key stays ephemeral on some platforms; a PKCS#12 round trip gives SslStream a key it can use everywhere.</summary>
    private static X509Certificate2 LoadPem(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 Load(string key, string path, Func<X509Certificate2> load)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = load();
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{key}: cannot load the certificate from '{path}': {exception.Message}", exception);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{key}: the certificate in '{path}' has no private key.");
        }

        return certificate;
    }

    private static ServerCertificate Describe(X509Certificate2 certificate, string source) =>
        new(certificate, CertificateFingerprint.Sha256(certificate), source);

    private void WarnIfExpired(ServerCertificate certificate)
    {
        if (certificate.Certificate.NotAfter.ToUniversalTime() < timeProvider.GetUtcNow().UtcDateTime)
        {
            logger.LogWarning("The FTPS certificate {CertificatePath} expired on {NotAfter:u}; clients will refuse it", certificate.Source, certificate.Certificate.NotAfter.ToUniversalTime());
        }
    }
}
