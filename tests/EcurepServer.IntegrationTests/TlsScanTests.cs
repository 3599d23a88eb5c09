using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// testssl.sh through STARTTLS FTP: the default site (data connections must resume the control session) offers TLS
/// 1.2 only, and only ECDHE suites with AES-GCM: no SHA-1, no CBC. Its OpenSSL context has no suite policy (that
/// would stop session resumption), so the scan shows the server's own refusal of every other suite. The scan opens
/// hundreds of connections one after another; on a busy machine the server may still be closing earlier ones, and the
/// default 16 sessions (and 10 not logged in yet) per address would refuse some of them.
/// </summary>
public sealed class TlsScanTests() : ServerTestBase("Sites:Europe:Ftps:MaxSessionsPerAddress=256", "Sites:Europe:Ftps:MaxStartupsPerAddress=256")
{
    [Fact]
    public async Task Testssl_finds_only_tls_1_2_and_only_ecdhe_aead_suites()
    {
        var report = Path.Combine(Server.Root, "testssl.json");
        var target = $"{Server.ControlEndPoint.Address}:{Server.ControlEndPoint.Port}";

        // -p: protocols, -e: every cipher suite; Debian installs testssl.sh as "testssl".
        var result = await ExternalProcess.RunAsync(
            "testssl",
            ["--starttls", "ftp", "-p", "-e", "--warnings", "off", "--quiet", "--color", "0", "--jsonfile", report, target],
            Server.Root,
            timeout: TimeSpan.FromSeconds(180));

        Assert.True(File.Exists(report), result.ToString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var findings = json.RootElement.EnumerateArray()
            .Select(f => (Id: f.GetProperty("id").GetString()!, Finding: f.GetProperty("finding").GetString()!))
            .ToList();
        string Finding(string id) => Assert.Single(findings, f => f.Id == id).Finding;

        foreach (var other in new[] { "SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_3" })
        {
            Assert.StartsWith("not offered", Finding(other), StringComparison.Ordinal);
        }

        Assert.StartsWith("offered", Finding("TLS1_2"), StringComparison.Ordinal);

        // A finding reads "xc02b ECDHE-ECDSA-AES128-GCM-SHA256 ECDH 253 AESGCM 128 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256".
        var suites = findings.Where(f => f.Id.StartsWith("cipher_x", StringComparison.Ordinal))
            .Select(f => f.Finding.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.True(suites.Count > 0, $"testssl found no cipher suite:\n{string.Join('\n', findings)}\n{result}\n{Server.Log}");
        Assert.All(suites, suite =>
        {
            Assert.False(suite[1].EndsWith("-SHA", StringComparison.Ordinal) || suite[1] == "SHA", string.Join(' ', suite));
            Assert.False(suite[^1].EndsWith("_SHA", StringComparison.Ordinal), string.Join(' ', suite));
            Assert.Matches("^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$", suite[^1]);
        });
    }
}
