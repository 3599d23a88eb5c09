using System.Globalization;
using System.Net;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>Python's ftplib uploading over FTPS (Clients/ftplib_upload.py), as a customer's script would.</summary>
public static class Ftplib
{
    public static Task<ProcessResult> UploadAsync(
        IPEndPoint control, string user, string password, string file, string remotePath, int timeoutSeconds = 60) =>
        ExternalProcess.RunAsync(
            "python3",
            [Path.Combine(AppContext.BaseDirectory, "Clients", "ftplib_upload.py"), control.Address.ToString(),
                control.Port.ToString(CultureInfo.InvariantCulture), user, password, file, remotePath,
                timeoutSeconds.ToString(CultureInfo.InvariantCulture)],
            Path.GetDirectoryName(file));
}
