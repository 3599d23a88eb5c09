using System.Diagnostics;
using System.Security.Cryptography;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The configured PEM files replaced and SIGHUP sent to the running server: a new openssl s_client sees the new
/// certificate while a curl upload that began under the old one completes; a broken replacement is logged and the
/// certificate in use stays.
/// </summary>
public sealed class CertificateReloadTests() : ServerTestBase(
    "Sites:Europe:Ftps:Certificate:PemCertificate=certs/europe.crt",
    "Sites:Europe:Ftps:Certificate:PemKey=certs/europe.key")
{
    private const string TransferId = "E-RELOAD1234";
    private const string Password = "reload-password-1";
    private const long Size = 6L * 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private Process? _curl;

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    private string CertificatePath => Path.Combine(Server.Root, "certs", "europe.crt");

    private string KeyPath => Path.Combine(Server.Root, "certs", "europe.key");

    public override async Task DisposeAsync()
    {
        if (_curl is not null)
        {
            if (!_curl.HasExited)
            {
                _curl.Kill(entireProcessTree: true);
            }

            await _curl.WaitForExitAsync();
            _curl.Dispose();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task Sighup_serves_the_replaced_certificate_to_new_handshakes_while_a_running_upload_completes()
    {
        Assert.Contains("CN=reload-first.example", await PresentedCertificateAsync(), StringComparison.Ordinal);
        var source = Path.Combine(Server.Root, "source.bin");
        await File.WriteAllBytesAsync(source, RandomNumberGenerator.GetBytes((int)Size));
        var url = $"ftp://{Server.ControlEndPoint.Address}:{Server.ControlEndPoint.Port}/toibm/aix/reload.bin";
        _curl = ExternalProcess.Start("curl", ["--ssl-reqd", "-k", "-sS", "--limit-rate", "1M", "-T", source, "--user", $"{TransferId}:{Password}", url], Server.Root);
        using (var deadline = new CancellationTokenSource(Timeout))
        {
            while (Server.PartialBytes("aix", "reload.bin") == 0)
            {
                Assert.False(_curl.HasExited, "curl ended before its upload began");
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }

        await CreateCertificateAsync("reload-second.example", Path.Combine(Server.Root, "second"));
        File.Move(Path.Combine(Server.Root, "second.key"), KeyPath, overwrite: true);
        File.Move(Path.Combine(Server.Root, "second.crt"), CertificatePath, overwrite: true);
        await HangUpAsync();
        await Server.WaitForLogAsync("SIGHUP: reloading the FTPS certificates and SSH host keys", Timeout);
        await Server.WaitForLogAsync(@"FTPS certificate reloaded for new connections, SHA-256 fingerprint: \S+ \(ECDSA P-256, .*europe\.crt\)", Timeout);

        var presented = await PresentedCertificateAsync();
        Assert.Contains("CN=reload-second.example", presented, StringComparison.Ordinal);
        Assert.DoesNotContain("reload-first.example", presented, StringComparison.Ordinal);
        Assert.False(_curl.HasExited, "the upload was meant to run across the reload");

        await _curl.WaitForExitAsync().WaitAsync(Timeout);
        Assert.Equal(0, _curl.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(source), await File.ReadAllBytesAsync(Server.DeliveredFile("aix", "reload.bin")));
        Assert.Null(Server.ExitCode);

        // A broken key: logged, and the certificate in use stays.
        await File.WriteAllTextAsync(KeyPath, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
        await HangUpAsync();
        await Server.WaitForLogAsync("Cannot reload the FTPS certificate of site Europe; the one loaded before stays in use", Timeout);
        Assert.Contains("CN=reload-second.example", await PresentedCertificateAsync(), StringComparison.Ordinal);
    }

    // A test run started under nohup passes SIGHUP on ignored, and .NET leaves an ignored signal ignored.
    protected override Task StartAsync() =>
        Server.StartAsync("env", ["--default-signal=HUP", Workspace.Dotnet, .. Server.RunArguments()]);

    protected override Task PrepareAsync() => CreateCertificateAsync("reload-first.example", Path.Combine(Server.Root, "certs", "europe"));

    private static async Task CreateCertificateAsync(string commonName, string pathWithoutExtension)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pathWithoutExtension)!);
        var result = await ExternalProcess.RunAsync(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", $"/CN={commonName}",
             "-keyout", pathWithoutExtension + ".key", "-out", pathWithoutExtension + ".crt"],
            Path.GetDirectoryName(pathWithoutExtension)!);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private async Task HangUpAsync()
    {
        var kill = await ExternalProcess.RunAsync("kill", ["-HUP", Server.StartedProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)], Server.Root);
        Assert.True(kill.ExitCode == 0, kill.ToString());
    }

    /// <summary>The subject of the certificate a new explicit FTPS handshake presents, as openssl s_client prints it.</summary>
    private async Task<string> PresentedCertificateAsync()
    {
        var result = await ExternalProcess.RunAsync(
            "openssl",
            ["s_client", "-starttls", "ftp", "-nameopt", "compat", "-connect", $"127.0.0.1:{Server.ControlEndPoint.Port}"],
            Server.Root,
            input: string.Empty);
        Assert.True(result.ExitCode == 0, result.ToString());
        return string.Join('\n', result.Output.Split('\n').Where(line => line.StartsWith("subject=", StringComparison.Ordinal)));
    }
}
