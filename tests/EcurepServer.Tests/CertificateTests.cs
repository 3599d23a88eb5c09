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
        var options = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, []), workspace.Root);

        var first = Load(workspace, options);
        var second = Load(workspace, options);

        Assert.Equal(first, second);
        Assert.True(File.Exists(workspace.PathOf("certs", "ftps.crt")));
        Assert.Equal(["ftps.crt", "ftps.key"], Directory.GetFiles(workspace.PathOf("certs")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(workspace.PathOf("certs", "ftps.key")));
        }
    }

    [Fact]
    public void TheGeneratedCertificateIsAnRsa3072ServerCertificateForTheSiteNames()
    {
        using var workspace = new TempWorkspace();
        var options = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, []), workspace.Root);
        using var provider = Provider(workspace, options);

        var served = Assert.Single(provider.ForSite("Europe"));
        var certificate = served.Certificate;

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("RSA 3072", served.Key);
        Assert.Equal(3072, certificate.GetRSAPublicKey()!.KeySize);
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
    public void GenerateEcdsaCertificateAddsAnEcdsaP256CertificateBesideTheRsaOne()
    {
        using var workspace = new TempWorkspace();
        var options = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, ["--EcurepServer:GenerateEcdsaCertificate=true"]), workspace.Root);
        using var provider = Provider(workspace, options);

        var served = provider.ForSite("Europe");

        Assert.Equal(["RSA 3072", "ECDSA P-256"], served.Select(c => c.Key));
        Assert.Equal([workspace.PathOf("certs", "ftps.crt"), workspace.PathOf("certs", "ftps-ecdsa.crt")], served.Select(c => c.Source));
        Assert.All(served, c => Assert.True(c.Certificate.HasPrivateKey));
    }

    /// <summary>An installation from before RSA was the default keeps its ECDSA certificate and gets an RSA one beside it.</summary>
    [Fact]
    public void AnEcdsaCertificateOfAnEarlierVersionStaysInUseAndAnRsaOneIsGeneratedBesideIt()
    {
        using var workspace = new TempWorkspace();
        var (certificatePem, keyPem) = SelfSignedCertificate.Create(["ftps.example.test"], DateTimeOffset.UtcNow, GeneratedKey.EcdsaP256);
        Directory.CreateDirectory(workspace.PathOf("certs"));
        File.WriteAllText(workspace.PathOf("certs", "ftps.crt"), certificatePem);
        File.WriteAllText(workspace.PathOf("certs", "ftps.key"), keyPem);
        var options = AppConfiguration.BindOptions(AppConfiguration.Build(workspace.Root, []), workspace.Root);
        using var provider = Provider(workspace, options);

        var served = provider.ForSite("Europe");

        Assert.Equal(["RSA 3072", "ECDSA P-256"], served.Select(c => c.Key));
        Assert.Equal([workspace.PathOf("certs", "ftps-rsa.crt"), workspace.PathOf("certs", "ftps.crt")], served.Select(c => c.Source));
        Assert.Equal(certificatePem.Trim(), File.ReadAllText(workspace.PathOf("certs", "ftps.crt")).Trim());
    }

    [Fact]
    public void AConfiguredPemPairIsUsedInsteadOfGenerating()
    {
        using var workspace = new TempWorkspace();
        WritePem(workspace, "server", GeneratedKey.Rsa3072);
        var configuration = AppConfiguration.Build(workspace.Root, [
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PemCertificate=own/server.crt",
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PemKey=own/server.key"]);
        using var provider = Provider(workspace, AppConfiguration.BindOptions(configuration, workspace.Root));

        var loaded = Assert.Single(provider.ForSite("Europe"));

        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(workspace.PathOf("own", "server.crt"), loaded.Source);
        Assert.False(Directory.Exists(workspace.PathOf("certs")));
    }

    [Fact]
    public void AConfiguredSecondCertificateOfTheOtherKindIsServedToo()
    {
        using var workspace = new TempWorkspace();
        WritePem(workspace, "ecdsa", GeneratedKey.EcdsaP256);
        WritePem(workspace, "rsa", GeneratedKey.Rsa3072);
        var configuration = AppConfiguration.Build(workspace.Root, [
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PemCertificate=own/ecdsa.crt",
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PemKey=own/ecdsa.key",
            "--EcurepServer:Sites:Europe:Ftps:SecondCertificate:PemCertificate=own/rsa.crt",
            "--EcurepServer:Sites:Europe:Ftps:SecondCertificate:PemKey=own/rsa.key"]);
        using var provider = Provider(workspace, AppConfiguration.BindOptions(configuration, workspace.Root));

        var served = provider.ForSite("Europe");

        Assert.Equal([workspace.PathOf("own", "rsa.crt"), workspace.PathOf("own", "ecdsa.crt")], served.Select(c => c.Source));
    }

    [Fact]
    public void TwoConfiguredCertificatesOfTheSameKindAreRefusedWithTheKey()
    {
        using var workspace = new TempWorkspace();
        WritePem(workspace, "one", GeneratedKey.EcdsaP256);
        WritePem(workspace, "two", GeneratedKey.EcdsaP256);
        var configuration = AppConfiguration.Build(workspace.Root, [
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PemCertificate=own/one.crt",
            "--EcurepServer:Sites:Europe:Ftps:Certificate:PemKey=own/one.key",
            "--EcurepServer:Sites:Europe:Ftps:SecondCertificate:PemCertificate=own/two.crt",
            "--EcurepServer:Sites:Europe:Ftps:SecondCertificate:PemKey=own/two.key"]);
        using var provider = Provider(workspace, AppConfiguration.BindOptions(configuration, workspace.Root));

        var exception = Assert.Throws<InvalidOperationException>(() => provider.ForSite("Europe"));

        Assert.StartsWith("EcurepServer:Sites:Europe:Ftps:SecondCertificate: the two certificates must be one RSA and one ECDSA certificate", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingConfiguredCertificateNamesItsKey()
    {
        using var workspace = new TempWorkspace();
        var configuration = AppConfiguration.Build(workspace.Root, ["--EcurepServer:Sites:Europe:Ftps:Certificate:Pfx=missing.pfx"]);
        using var provider = Provider(workspace, AppConfiguration.BindOptions(configuration, workspace.Root));

        var exception = Assert.Throws<InvalidOperationException>(() => provider.ForSite("Europe"));

        Assert.StartsWith("EcurepServer:Sites:Europe:Ftps:Certificate:Pfx:", exception.Message, StringComparison.Ordinal);
    }

    private static void WritePem(TempWorkspace workspace, string name, GeneratedKey key)
    {
        var (certificatePem, keyPem) = SelfSignedCertificate.Create([name + ".example.test"], DateTimeOffset.UtcNow, key);
        Directory.CreateDirectory(workspace.PathOf("own"));
        File.WriteAllText(workspace.PathOf("own", name + ".crt"), certificatePem);
        File.WriteAllText(workspace.PathOf("own", name + ".key"), keyPem);
    }

    private static string[] Load(TempWorkspace workspace, EcurepServerOptions options)
    {
        using var provider = Provider(workspace, options);
        return [.. provider.ForSite("Europe").Select(loaded => $"{loaded.Certificate.Thumbprint} {loaded.Fingerprint}")];
    }

    private static FtpsCertificateProvider Provider(TempWorkspace workspace, EcurepServerOptions options) =>
        new(options, new AppPaths(workspace.Root, options), TimeProvider.System, NullLogger<FtpsCertificateProvider>.Instance);
}
