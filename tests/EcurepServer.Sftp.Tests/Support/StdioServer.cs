using System.IO.Pipelines;
using System.Net;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Sftp.Tests.Support;

/// <summary>One SFTP session on stdin/stdout over a drop box in a given directory, as Alice; OpenSSH's <c>sftp -D</c> runs it.</summary>
public static class StdioServer
{
    public static async Task RunAsync(string dataDirectory)
    {
        var dropBoxOptions = new DropBoxOptions { DataDirectory = dataDirectory, Products = ["aix", "linux"] };
        using var receipts = new JsonLinesReceiptStore(Path.Combine(dataDirectory, "receipts.jsonl"));
        var dropBox = new DropBox(Options.Create(dropBoxOptions), receipts, TimeProvider.System, NullLogger<DropBox>.Instance);
        var context = new SessionContext("stdio", "Europe", "sftp", new IPEndPoint(IPAddress.Loopback, 22));
        var session = dropBox.OpenSession(SftpFixture.Alice, context, new DropBoxSessionOptions(ShowFromIbm: false));
        var subsystem = new SftpSubsystem(Options.Create(new SftpOptions()), TimeProvider.System, NullLogger<SftpSubsystem>.Instance);
        await using var input = Console.OpenStandardInput();
        await using var output = Console.OpenStandardOutput();
        await subsystem.RunAsync(PipeReader.Create(input), PipeWriter.Create(output), session, CancellationToken.None);
    }
}
