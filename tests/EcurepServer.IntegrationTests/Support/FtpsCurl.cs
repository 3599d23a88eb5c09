using System.Globalization;
using System.Net;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>curl uploading over explicit FTPS (AUTH TLS, PROT P), as a customer's script would.</summary>
public static class FtpsCurl
{
    /// <summary>curl's exit code for a refused upload (CURLE_UPLOAD_FAILED).</summary>
    public const int UploadFailed = 25;

    /// <summary>curl's exit code for a refused login (CURLE_LOGIN_DENIED).</summary>
    public const int LoginDenied = 67;

    public static string Url(IPEndPoint control, string remotePath) =>
        $"ftp://{control.Address}:{control.Port.ToString(CultureInfo.InvariantCulture)}/{remotePath}";

    public static Task<ProcessResult> UploadAsync(
        IPEndPoint control, string user, string password, string file, string remotePath, params string[] options) =>
        ExternalProcess.RunAsync(
            "curl",
            ["--ssl-reqd", "-k", "-sS", .. options, "--user", $"{user}:{password}", "-T", file, Url(control, remotePath)],
            Path.GetDirectoryName(file));
}
