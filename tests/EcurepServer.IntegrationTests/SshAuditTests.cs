using System.Globalization;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Debian's ssh-audit (2.5.0 in bookworm) against the SFTP listener. Its verdicts conflict with the issue's own
/// default algorithm list and strict-kex requirement: it fails the NIST curves and ECDSA host keys, warns about
/// classic (non-etm) HMACs, calls sntrup761x25519-sha512@openssh.com experimental, and does not know the Terrapin
/// marker kex-strict-s-v00@openssh.com nor the newer names mlkem768x25519-sha256 and sntrup761x25519-sha512. So a
/// site narrowed to what ssh-audit likes is checked to leave only the marker's warning, and the default list only
/// those findings.
/// </summary>
public sealed partial class SshAuditTests
{
    private const string StrictKexMarker = "kex-strict-s-v00@openssh.com";

    private static readonly string[] Hardened =
    [
        "Sites:Europe:Ssh:KexAlgorithms:0=curve25519-sha256",
        "Sites:Europe:Ssh:KexAlgorithms:1=curve25519-sha256@libssh.org",
        "Sites:Europe:Ssh:KexAlgorithms:2=diffie-hellman-group16-sha512",
        "Sites:Europe:Ssh:KexAlgorithms:3=diffie-hellman-group14-sha256",
        "Sites:Europe:Ssh:HostKeyAlgorithms:0=ssh-ed25519",
        "Sites:Europe:Ssh:HostKeyAlgorithms:1=rsa-sha2-512",
        "Sites:Europe:Ssh:HostKeyAlgorithms:2=rsa-sha2-256",
        "Sites:Europe:Ssh:Macs:0=hmac-sha2-256-etm@openssh.com",
        "Sites:Europe:Ssh:Macs:1=hmac-sha2-512-etm@openssh.com",
    ];

    /// <summary>What ssh-audit 2.5.0 says of the issue's default list, each (algorithm, level).</summary>
    private static readonly HashSet<(string, string)> KnownDefaultFindings =
    [
        ("ecdh-sha2-nistp256", "fail"),
        ("ecdh-sha2-nistp384", "fail"),
        ("ecdh-sha2-nistp521", "fail"),
        ("ecdsa-sha2-nistp256", "fail"),
        ("ecdsa-sha2-nistp256", "warn"),
        ("hmac-sha2-256", "warn"),
        ("hmac-sha2-512", "warn"),
        ("mlkem768x25519-sha256", "warn"),
        ("sntrup761x25519-sha512", "warn"),
        ("sntrup761x25519-sha512@openssh.com", "warn"),
        (StrictKexMarker, "warn"),
    ];

    [Fact]
    public async Task A_site_narrowed_to_what_ssh_audit_recommends_leaves_only_the_strict_kex_marker_unknown_to_it()
    {
        var (output, findings) = await AuditAsync(Hardened);

        Assert.Equal([(StrictKexMarker, "warn")], findings);
        Assert.Contains($"(kex) {StrictKexMarker}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sha1", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_default_algorithms_draw_only_the_known_findings_and_offer_the_strict_kex_marker()
    {
        var (output, findings) = await AuditAsync([]);

        Assert.All(findings, finding => Assert.Contains(finding, KnownDefaultFindings));
        Assert.Contains($"(kex) {StrictKexMarker}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sha1", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cbc", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_shipped_algorithms_pass_the_shipped_ssh_audit_policy_and_a_narrowed_site_does_not()
    {
        var policy = Path.Combine(RepositoryFiles.Root(), "config", "ssh-audit.policy");

        var shipped = await RunAuditAsync([], "-P", policy);
        var narrowed = await RunAuditAsync(Hardened, "-P", policy);

        Assert.True(shipped.ExitCode == 0 && shipped.Output.Contains("Passed", StringComparison.Ordinal), shipped.ToString());
        Assert.NotEqual(0, narrowed.ExitCode);
        Assert.Contains("Failed", narrowed.Output, StringComparison.Ordinal);
    }

    private static async Task<(string Output, List<(string Algorithm, string Level)> Findings)> AuditAsync(string[] settings)
    {
        var audit = await RunAuditAsync(settings);

        Assert.True(audit.Output.Contains("(gen) banner: SSH-2.0-", StringComparison.Ordinal), audit.ToString());
        return (audit.Output, Findings(audit.Output));
    }

    /// <summary>ssh-audit against the Europe SFTP listener of a server started with <paramref name="settings"/>.</summary>
    private static async Task<ProcessResult> RunAuditAsync(string[] settings, params string[] options)
    {
        await using var server = ServerProcess.Create(settings);
        await server.StartAsync();
        var endPoint = await server.ListeningEndPointAsync("Europe", "sftp");

        return await ExternalProcess.RunAsync(
            "ssh-audit",
            ["--no-colors", .. options, "-p", endPoint.Port.ToString(CultureInfo.InvariantCulture), endPoint.Address.ToString()],
            server.Root);
    }

    /// <summary>Every [fail] and [warn] of the algorithm sections, with the algorithm it belongs to.</summary>
    private static List<(string, string)> Findings(string output)
    {
        var findings = new List<(string, string)>();
        var algorithm = "";
        foreach (var line in output.Split('\n'))
        {
            if (AlgorithmLine().Match(line) is { Success: true } named)
            {
                algorithm = named.Groups["algorithm"].Value;
            }

            if (line.StartsWith("(rec)", StringComparison.Ordinal) || line.StartsWith("(fin)", StringComparison.Ordinal))
            {
                continue;
            }

            if (Verdict().Match(line) is { Success: true } verdict)
            {
                findings.Add((algorithm, verdict.Groups["level"].Value));
            }
        }

        return findings;
    }

    [GeneratedRegex(@"^\((?:kex|key|enc|mac)\) (?<algorithm>\S+)")]
    private static partial Regex AlgorithmLine();

    [GeneratedRegex(@"\[(?<level>fail|warn)\]")]
    private static partial Regex Verdict();
}
