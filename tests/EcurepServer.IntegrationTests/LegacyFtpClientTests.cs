using System.Security.Cryptography;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// An old client, played by Python's ftplib with Latin-1 command lines: OPTS UTF8 OFF, TYPE L 8 and a STOR whose
/// name is 8-bit Latin-1 all succeed, and the file is delivered and receipted under the name's UTF-8 form.
/// </summary>
public sealed class LegacyFtpClientTests : ServerTestBase
{
    private const string TransferId = "E-LEGACY1234a";
    private const string Password = "legacy-password-1";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task Latin_1_names_and_type_l_8_upload_and_the_receipt_has_the_utf_8_name()
    {
        const string name = "TS012345678_résumé für Müller.bin";
        var local = Path.Combine(Server.Root, "upload.bin");
        var content = RandomNumberGenerator.GetBytes(256 * 1024);
        await File.WriteAllBytesAsync(local, content);
        var endPoint = Server.ControlEndPoint;

        var result = await ExternalProcess.RunAsync(
            "python3",
            [Path.Combine(AppContext.BaseDirectory, "Clients", "ftplib_legacy.py"), endPoint.Address.ToString(), endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TransferId, Password, local, "toibm/aix/" + name],
            Server.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("200 UTF8 mode off", result.Output, StringComparison.Ordinal);
        Assert.Contains("200 Representation type is Image", result.Output, StringComparison.Ordinal);
        Assert.Contains("226 Transfer complete", result.Output, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(Server.DeliveredFile("aix", name)));
        var receipt = Assert.Single(await Server.ReceiptsAsync());
        Assert.Equal("/toibm/aix/" + name, receipt.GetProperty("path").GetString());
        Assert.Equal("TS012345678", receipt.GetProperty("route").GetProperty("case").GetString());
    }
}
