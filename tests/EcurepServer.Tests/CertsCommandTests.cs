using System.Security.Cryptography.X509Certificates;
using EcurepServer.Certificates;
using EcurepServer.Cli;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

public sealed class CertsCommandTests
{
    [Fact]
    public async Task FingerprintPrintsTheSha256OfTheCertificateFile()
    {
        using var workspace = new TempWorkspace();

        var run = await CliRun.InvokeAsync(workspace, "certs", "fingerprint");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(workspace.PathOf("certs", "ftps.crt"));
        Assert.Equal($"Europe FTPS certificate SHA-256 fingerprint: {CertificateFingerprint.Sha256(certificate)} (RSA 3072)", run.Output.Trim());
        Assert.Equal((await CliRun.InvokeAsync(workspace, "certs", "fingerprint")).Output, run.Output);
    }

    [Fact]
    public async Task FingerprintPrintsEveryCertificateASiteServes()
    {
        using var workspace = new TempWorkspace();

        var run = await CliRun.InvokeAsync(workspace, "certs", "fingerprint", "--EcurepServer:GenerateEcdsaCertificate=true");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var rsa = X509CertificateLoader.LoadCertificateFromFile(workspace.PathOf("certs", "ftps.crt"));
        using var ecdsa = X509CertificateLoader.LoadCertificateFromFile(workspace.PathOf("certs", "ftps-ecdsa.crt"));
        Assert.Equal(
            [
                $"Europe FTPS certificate SHA-256 fingerprint: {CertificateFingerprint.Sha256(rsa)} (RSA 3072)",
                $"Europe FTPS certificate SHA-256 fingerprint: {CertificateFingerprint.Sha256(ecdsa)} (ECDSA P-256)",
            ],
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task ABadConfigurationStopsItWithTheKey()
    {
        using var workspace = new TempWorkspace();

        var run = await CliRun.InvokeAsync(workspace, "certs", "fingerprint", "--EcurepServer:Sites:Europe:Ftps:Port=65536");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("EcurepServer:Sites:Europe:Ftps:Port", run.Error, StringComparison.Ordinal);
    }
}
