using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// A server with an RSA and an ECDSA certificate gives each client the one its ClientHello can take (ECDSA first),
/// and the client's data connections resume on the same certificate. openssl s_client and curl are the clients.
/// </summary>
public sealed class CertificateChoiceTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ecurep-ftp-certs-").FullName;
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(certificates: [TestCertificate.Rsa, TestCertificate.Instance]);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("ECDHE-RSA-AES256-GCM-SHA384", "RSA")]
    [InlineData("ECDHE-RSA-AES128-GCM-SHA256", "RSA")]
    [InlineData("ECDHE-ECDSA-AES256-GCM-SHA384", "ECDSA")]
    [InlineData("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256", "ECDSA")]
    public async Task A_tls_1_2_client_gets_the_certificate_its_suites_can_take(string suites, string expected)
    {
        var result = await SClientAsync("-tls1_2", "-cipher", suites);

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Matches($"(?m)^New, TLSv1.2, Cipher is ECDHE-{expected}-", result.AllOutput);
        Assert.Contains(expected == "RSA" ? "Server public key is 2048 bit" : "Server public key is 256 bit", result.AllOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RSA-PSS+SHA256:RSA+SHA256", "RSA")]
    [InlineData("ECDSA+SHA256:RSA-PSS+SHA256", "ECDSA")]
    public async Task A_tls_1_2_client_gets_the_certificate_its_signature_algorithms_can_take(string signatureAlgorithms, string expected)
    {
        var result = await SClientAsync("-tls1_2", "-sigalgs", signatureAlgorithms);

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Matches($"(?m)^New, TLSv1.2, Cipher is ECDHE-{expected}-", result.AllOutput);
    }

    [Fact]
    public async Task Curl_uploads_on_either_certificate_and_its_data_connection_resumes_on_the_same_one()
    {
        var file = Path.Combine(_directory, "TS012345678_logs.zip");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        var url = $"ftp://127.0.0.1:{_server.EndPoint.Port}/toibm/aix/";

        var rsa = await ExternalProcess.RunAsync("curl", ["--ciphers", "ECDHE-RSA-AES256-GCM-SHA384", "--ssl-reqd", "-k", "-v", "-T", file, url + "rsa.zip", "-u", "E-ABCD12345f:secret"]);
        var ecdsa = await ExternalProcess.RunAsync("curl", ["--ssl-reqd", "-k", "-v", "-T", file, url + "ecdsa.zip", "-u", "E-ABCD12345f:secret"]);

        Assert.True(rsa.ExitCode == 0, rsa.AllOutput);
        Assert.True(ecdsa.ExitCode == 0, ecdsa.AllOutput);
        Assert.Contains("SSL connection using TLSv1.2 / ECDHE-RSA-AES256-GCM-SHA384", rsa.AllOutput, StringComparison.Ordinal);
        Assert.Contains("SSL connection using TLSv1.2 / ECDHE-ECDSA-", ecdsa.AllOutput, StringComparison.Ordinal);
        Assert.Equal(["/toibm/aix/ecdsa.zip", "/toibm/aix/rsa.zip"], _server.DropBox.Delivered.Select(d => d.Path.Value).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(_server.Log.Lines, line => line.Contains("refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dotnet_client_gets_the_ecdsa_certificate_and_its_data_connections_resume()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureLoginAsync();

        var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/dotnet.bin", [4, 5, 6], protect: true);

        Assert.Equal(226, final.Code);
        Assert.Equal("1.2.840.10045.2.1", client.ServerCertificate!.GetKeyAlgorithm());
    }

    [Theory]
    [InlineData("rsa_pss_rsae_sha256", "2048")]
    [InlineData("ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256", "256")]
    public async Task On_a_site_that_offers_tls_1_3_a_tls_1_3_client_gets_the_certificate_its_signature_algorithms_can_take(string signatureAlgorithms, string keyBits)
    {
        await using var relaxed = await TestServer.StartAsync(o => o.RequireTlsSessionReuse = false, [TestCertificate.Rsa, TestCertificate.Instance]);

        var result = await ExternalProcess.RunAsync(
            "openssl", ["s_client", "-starttls", "ftp", "-connect", $"127.0.0.1:{relaxed.EndPoint.Port}", "-tls1_3", "-sigalgs", signatureAlgorithms]);

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Matches("(?m)^New, TLSv1.3, Cipher is TLS_", result.AllOutput);
        Assert.Contains($"Server public key is {keyBits} bit", result.AllOutput, StringComparison.Ordinal);
    }

    private Task<ProcessResult> SClientAsync(params string[] arguments) =>
        ExternalProcess.RunAsync("openssl", ["s_client", "-starttls", "ftp", "-connect", $"127.0.0.1:{_server.EndPoint.Port}", .. arguments]);
}
