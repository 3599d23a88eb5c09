namespace EcurepServer.Ssh;

/// <summary>Serves one subsystem (for example <c>sftp</c>) on a session channel.</summary>
public interface ISshSubsystemHandler
{
    /// <summary>
    /// Runs until the client's input ends or <paramref name="cancellationToken"/> fires; the result is sent as
    /// the channel's exit-status before EOF and CLOSE.
    /// </summary>
    Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken);
}
