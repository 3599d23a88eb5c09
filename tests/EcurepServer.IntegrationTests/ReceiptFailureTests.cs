using System.Globalization;
using System.Security.Cryptography;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The real server with a catalog that refuses receipts (a trigger that aborts every insert; the tests run as root, so
/// permissions would not stop it): curl is told the upload failed (451) and nothing is delivered; once the
/// receipts can be written, curl's retry delivers the file with its receipt. (A resume with <c>curl -C -</c> would find
/// every byte already there and send none, so curl considers the file uploaded; a retry or an APPE delivers it.)
/// </summary>
public sealed class ReceiptFailureTests : ServerTestBase
{
    private const string TransferId = "E-RECEIPT123a";
    private const string Password = "receipt-password-1";
    private const string Name = "TS012345678_receipt.bin";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task Curl_is_told_the_upload_failed_when_its_receipt_cannot_be_written_and_its_retry_delivers_it()
    {
        var source = Path.Combine(Server.Root, "client.bin");
        var content = RandomNumberGenerator.GetBytes(200_000);
        await File.WriteAllBytesAsync(source, content);
        Catalog("CREATE TRIGGER refuse_receipts BEFORE INSERT ON receipts BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

        var failed = await CurlAsync(source);

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("451", failed.Output + failed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Server.DeliveredFile("aix", Name)));
        Assert.Equal(content.Length, Server.PartialBytes("aix", Name));
        Assert.Contains("delivery was undone", Server.Log, StringComparison.Ordinal);

        Catalog("DROP TRIGGER refuse_receipts");
        var retried = await CurlAsync(source);

        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal(content, await File.ReadAllBytesAsync(Server.DeliveredFile("aix", Name)));
        var receipt = Assert.Single(await Server.ReceiptsAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), receipt.GetProperty("sha256").GetString());
        Assert.Equal($"uploads/toibm/aix/{TransferId}/{Name}", receipt.GetProperty("storedPath").GetString());
    }

    private void Catalog(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Server.DataDirectory, "catalog.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private Task<ProcessResult> CurlAsync(string source)
    {
        var endpoint = Server.ControlEndPoint;
        var url = $"ftp://{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}/toibm/aix/{Name}";
        return ExternalProcess.RunAsync("curl", ["--ssl-reqd", "-k", "-sS", "--max-time", "60", "-T", source, "--user", $"{TransferId}:{Password}", url], Server.Root);
    }
}
