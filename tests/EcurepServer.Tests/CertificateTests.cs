using System.Security.Cryptography.X509Certificates;
using EcurepServer.Certificates;
using EcurepServer.Settings;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Tests;

public sealed class CertificateTests
{
    [Fact]
    public void ASelfSignedCertificateIsGeneratedOnceAndReused()
    {
        using var workspace = new TempWorkspace();
        var options = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, []));

        var first = Load(workspace, options);
        var second = Load(workspace, options);

        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.True(File.Exists(workspace.PathOf("certs", "ftps.crt")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(workspace.PathOf("certs", "ftps.key")));
        }
    }

    [Fact]
    public void TheGeneratedCertificateIsAnEcdsaServerCertificateForTheSiteNames()
    {
        using var workspace = new TempWorkspace();
        var options = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, []));
        using var provider = Provider(workspace, options);

        var certificate = provider.ForSite("Europe").Certificate;

        Assert.True(certificate.HasPrivateKey);
        Assert.NotNull(certificate.GetECDsaPublicKey());
        Assert.InRange((certificate.NotAfter - certificate.NotBefore).TotalDays, 729, 731);
        var eku = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Contains(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");
        var names = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains("ftps.example.test", names.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains(System.Net.IPAddress.IPv6Loopback, names.EnumerateIPAddresses());
    }

    [Fact]
    public void AConfiguredPemPairIsUsedInsteadOfGenerating()
    {
        using var workspace = new TempWorkspace();
        var (certificatePem, keyPem) = SelfSignedCertificate.Create(["own.example.test"], DateTimeOffset.UtcNow);
        Directory.CreateDirectory(workspace.PathOf("own"));
        File.WriteAllText(workspace.PathOf("own", "server.crt"), certificatePem);
        File.WriteAllText(workspace.PathOf("own", "server.key"), keyPem);
        var configuration = AppConfiguration.Build(workspace.Root, [
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PemCertificate=own/server.crt",
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PemKey=own/server.key"]);
        using var provider = Provider(workspace, AppConfiguration.BindOptions(configuration));

        var loaded = provider.ForSite("Europe");

        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(workspace.PathOf("own", "server.crt"), loaded.Source);
        Assert.False(Directory.Exists(workspace.PathOf("certs")));
    }

    [Fact]
    public void AMissingConfiguredCertificateNamesItsKey()
    {
        using var workspace = new TempWorkspace();
        var configuration = AppConfiguration.Build(workspace.Root, ["--EcurepServer:Sites:Europe:Ftps:Certificate:Pfx=missing.pfx"]);
        using var provider = Provider(workspace, AppConfiguration.BindOptions(configuration));

        var exception = Assert.Throws<InvalidOperationException>(() => provider.ForSite("Europe"));

        Assert.StartsWith("EcurepServer:Sites:Europe:Ftps:Certificate:Pfx:", exception.Message, StringComparison.Ordinal);
    }

    private static (string Thumbprint, string Fingerprint) Load(TempWorkspace workspace, EcurepServerOptions options)
    {
        using var provider = Provider(workspace, options);
        var loaded = provider.ForSite("Europe");
        return (loaded.Certificate.Thumbprint, loaded.Fingerprint);
    }

    private static FtpsCertificateProvider Provider(TempWorkspace workspace, EcurepServerOptions options) =>
        new(options, new AppPaths(workspace.Root, options), TimeProvider.System, NullLogger<FtpsCertificateProvider>.Instance);
}
