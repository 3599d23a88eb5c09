using EcurepServer.Core.Accounts;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Sftp;
using EcurepServer.Ssh;

namespace EcurepServer.Hosting.Ssh;

/// <summary>Runs the SFTP subsystem on a drop-box session of the site; ECuRep's SFTP shows only <c>toibm</c>.</summary>
public sealed class SftpSubsystemHandler(string siteName, IDropBox dropBox, SftpSubsystem sftp) : ISshSubsystemHandler
{
    public const string Name = "sftp";

    private static readonly DropBoxSessionOptions SftpView = new(ShowFromIbm: false);

    public async Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var principal = (Principal)session.Identity;
        var context = DropBoxSshAuthenticator.Session(siteName, session.ConnectionId, session.RemoteEndPoint, session.Observer);
        var boxSession = dropBox.OpenSession(principal, context, SftpView);
        Func<FaultAction, ValueTask>? abort = session.AbortConnection is { } end ? action => end(FaultStageHook.AbortFor(action)) : null;
        await sftp.RunAsync(session.Input, session.Output, boxSession, abort, cancellationToken);
        return 0;
    }
}
