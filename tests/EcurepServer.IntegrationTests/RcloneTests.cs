using System.Globalization;
using System.Security.Cryptography;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// rclone's FTP backend (Debian's) over explicit FTPS: after its STOR it lists the directory to check the upload,
/// which a write-only directory allows for exactly what the session delivered there; the copy exits 0 and delivers once.
/// </summary>
public sealed class RcloneTests : ServerTestBase
{
    private const string TransferId = "E-RCLONE1234a";
    private const string Password = "rclone-password-1";
    private const string Name = "TS012345678_rclone.bin";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task Rclone_copy_over_ftps_exits_0_and_delivers_once()
    {
        var source = Directory.CreateDirectory(Path.Combine(Server.Root, "rclone-source")).FullName;
        var content = RandomNumberGenerator.GetBytes(300_000);
        await File.WriteAllBytesAsync(Path.Combine(source, Name), content);
        var obscured = await ExternalProcess.RunAsync("rclone", ["obscure", "-"], Server.Root, input: Password);
        Assert.True(obscured.ExitCode == 0, obscured.ToString());

        var copy = await ExternalProcess.RunAsync(
            "rclone",
            [
                "copy", source, ":ftp:toibm/aix",
                "--config", Path.Combine(Server.Root, "rclone.conf"),
                "--ftp-host", Server.ControlEndPoint.Address.ToString(),
                "--ftp-port", Server.ControlEndPoint.Port.ToString(CultureInfo.InvariantCulture),
                "--ftp-user", TransferId,
                "--ftp-explicit-tls",
                "--ftp-no-check-certificate",
                "--retries", "1",
                "-v",
            ],
            Server.Root,
            environment: new Dictionary<string, string> { ["RCLONE_FTP_PASS"] = obscured.Output.Trim() });

        Assert.True(copy.ExitCode == 0, copy.ToString());
        Assert.Contains($"{Name}: Copied (new)", copy.Error, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(Server.DeliveredFile("aix", Name)));
        var receipt = Assert.Single(await Server.ReceiptsAsync());
        Assert.Equal($"/toibm/aix/{Name}", receipt.GetProperty("path").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), receipt.GetProperty("sha256").GetString());
        Assert.DoesNotContain("already exists", Server.Log, StringComparison.Ordinal);
    }
}
