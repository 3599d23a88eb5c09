using System.Diagnostics;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>
/// Serves "sftp" with OpenSSH's own sftp-server process, so real SFTP clients can exercise the channel layer
/// (pipelined writes, windows, large reads) without the project's SFTP engine.
/// </summary>
internal sealed class SftpServerProcessSubsystem(string startDirectory) : ISshSubsystemHandler
{
    public const string Program = "/usr/lib/openssh/sftp-server";

    public async Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add(startDirectory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sftp-server did not start");
        try
        {
            var toServer = CopyInputAsync(session, process, cancellationToken);
            await process.StandardOutput.BaseStream.CopyToAsync(session.Output.AsStream(leaveOpen: true), cancellationToken);
            await session.Output.CompleteAsync();
            await toServer;
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static async Task CopyInputAsync(SshSubsystemSession session, Process process, CancellationToken cancellationToken)
    {
        await session.Input.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
        await session.Input.CompleteAsync();
        process.StandardInput.Close();
    }
}
