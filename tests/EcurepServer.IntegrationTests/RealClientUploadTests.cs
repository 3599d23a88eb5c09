using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// curl (EPSV and PASV), Python ftplib and lftp each upload a 50 MiB random file into toibm/aix, as a Transfer ID
/// and anonymously; the delivered file, the source and the receipt agree on SHA-256.
/// </summary>
public sealed class RealClientUploadTests(RandomFile source) : ServerTestBase, IClassFixture<RandomFile>
{
    private const string TransferId = "E-UPLOAD1234a";
    private const string Password = "upload-password-1";
    private const string AnonymousEmail = "tester@example.com";

    public static TheoryData<string, bool> Clients => new()
    {
        { "curl-epsv", false },
        { "curl-epsv", true },
        { "curl-pasv", false },
        { "curl-pasv", true },
        { "ftplib", false },
        { "ftplib", true },
        { "lftp", false },
        { "lftp", true },
    };

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Client_uploads_50_MiB_and_the_delivery_matches_the_source_and_the_receipt(string client, bool anonymous)
    {
        var (user, password) = anonymous ? ("anonymous", AnonymousEmail) : (TransferId, Password);
        var name = $"TS012345678_{client}_{(anonymous ? "anonymous" : "id")}.bin";

        var result = await UploadAsync(client, user, password, name);

        Assert.True(result.ExitCode == 0, result.ToString());
        var delivered = Server.DeliveredFile("aix", name);
        Assert.True(File.Exists(delivered), $"{name} was not delivered.\n{result}\n{Server.Log}");
        Assert.Equal(RandomFile.Size, new FileInfo(delivered).Length);
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(delivered));

        var receipt = Assert.Single(await Server.ReceiptsAsync(), r => r.GetProperty("path").GetString() == "/toibm/aix/" + name);
        Assert.Equal(source.Sha256, receipt.GetProperty("sha256").GetString());
        Assert.Equal(RandomFile.Size, receipt.GetProperty("size").GetInt64());
        Assert.Equal(anonymous ? AnonymousEmail : TransferId, receipt.GetProperty("account").GetString());
        Assert.Equal(anonymous, receipt.GetProperty("anonymous").GetBoolean());
        Assert.Equal("ftps", receipt.GetProperty("protocol").GetString());
        Assert.Equal("TS012345678", receipt.GetProperty("route").GetProperty("case").GetString());
        Assert.DoesNotContain(Server.DataEntries(), entry => entry.Contains(".partial/", StringComparison.Ordinal) && !entry.EndsWith('/'));
    }

    private Task<ProcessResult> UploadAsync(string client, string user, string password, string name)
    {
        var host = Server.ControlEndPoint.Address.ToString();
        var port = Server.ControlEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var url = $"ftp://{host}:{port}/toibm/aix/{name}";
        return client switch
        {
            "curl-epsv" => Run("curl", ["--ssl-reqd", "-k", "-sS", "--max-time", "120", "-T", source.FilePath, "--user", $"{user}:{password}", url]),
            "curl-pasv" => Run("curl", ["--ssl-reqd", "-k", "-sS", "--max-time", "120", "--disable-epsv", "-T", source.FilePath, "--user", $"{user}:{password}", url]),
            "ftplib" => Run("python3", [Path.Combine(AppContext.BaseDirectory, "Clients", "ftplib_upload.py"), host, port, user, password, source.FilePath, "toibm/aix/" + name]),
            "lftp" => Run("lftp",
            [
                "-c",
                "set cmd:fail-exit yes; set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ssl:verify-certificate no; "
                    + "set net:max-retries 1; set net:timeout 60; "
                    + $"open -u '{user}','{password}' ftp://{host}:{port}; put '{source.FilePath}' -o 'toibm/aix/{name}'",
            ]),
            _ => throw new ArgumentOutOfRangeException(nameof(client), client, null),
        };
    }

    private Task<ProcessResult> Run(string fileName, string[] arguments) =>
        ExternalProcess.RunAsync(fileName, arguments, source.Directory, timeout: TimeSpan.FromSeconds(150));
}
