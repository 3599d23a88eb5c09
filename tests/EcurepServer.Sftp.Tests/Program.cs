using EcurepServer.Sftp.Tests.Support;

namespace EcurepServer.Sftp.Tests;

public static class Program
{
    /// <summary>
    /// <c>serve-stdio &lt;data directory&gt;</c> runs one SFTP session on stdin/stdout for <c>sftp -D</c>; the test
    /// runner does not call Main.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["serve-stdio", var dataDirectory])
        {
            await StdioServer.RunAsync(dataDirectory);
            return 0;
        }

        await Console.Error.WriteLineAsync("usage: EcurepServer.Sftp.Tests serve-stdio <data directory>");
        return 2;
    }
}
