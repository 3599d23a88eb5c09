using EcurepServer.Core.Faults;
using EcurepServer.Ssh;
using EcurepServer.Transcripts;

namespace EcurepServer.Hosting.Ssh;

/// <summary>The fault rules at the SSH engine's stages: connect, kex, auth and channel-open.</summary>
public sealed class FaultStageHook(string siteName, IFaultInjector faults) : ISshStageHook
{
    private const FaultActionKind AtStage = FaultActionKind.Delay | FaultActionKind.Disconnect | FaultActionKind.ResetData;

    public async ValueTask<SshAbort> AtStageAsync(SshStage stage, SshAuthContext connection, string? user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var probe = new FaultProbe(
            siteName, DropBoxSshAuthenticator.Protocol, user, connection.RemoteEndPoint.Address, PointOf(stage), AtStage,
            SshTranscriptObserver.TranscriptOf(connection.Observer));
        if (await faults.FireAsync(probe, cancellationToken) is not { } firing)
        {
            return SshAbort.None;
        }

        if (firing.Action.Kind == FaultActionKind.Delay)
        {
            await Task.Delay(firing.Action.Duration, cancellationToken);
            return SshAbort.None;
        }

        return AbortFor(firing.Action);
    }

    /// <summary>disconnect: with SSH DISCONNECT unless not graceful; reset-data: a TCP reset of the connection.</summary>
    public static SshAbort AbortFor(FaultAction action) => action.Kind switch
    {
        FaultActionKind.ResetData => SshAbort.Reset,
        _ => action.Graceful ? SshAbort.Disconnect : SshAbort.Close,
    };

    private static string PointOf(SshStage stage) => stage switch
    {
        SshStage.Connect => FaultPoint.Connect,
        SshStage.KeyExchange => FaultPoint.KeyExchange,
        SshStage.Authentication => FaultPoint.Authentication,
        _ => FaultPoint.ChannelOpen,
    };
}
