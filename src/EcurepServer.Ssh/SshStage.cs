namespace EcurepServer.Ssh;

/// <summary>The stages of a connection at which the host's <see cref="ISshStageHook"/> is asked.</summary>
public enum SshStage
{
    /// <summary>The connection is accepted; nothing has been sent yet.</summary>
    Connect,

    /// <summary>The client's first KEXINIT has arrived; no key agreement has been computed.</summary>
    KeyExchange,

    /// <summary>The key exchange is done; user authentication begins.</summary>
    Authentication,

    /// <summary>The client has authenticated; the connection protocol (channel open) begins.</summary>
    ChannelOpen,
}

/// <summary>How the host wants a connection ended.</summary>
public enum SshAbort
{
    /// <summary>Go on.</summary>
    None,

    /// <summary>Send DISCONNECT, then close.</summary>
    Disconnect,

    /// <summary>Close the TCP connection without DISCONNECT.</summary>
    Close,

    /// <summary>Abort the TCP connection with a reset (RST).</summary>
    Reset,
}

/// <summary>
/// The host's say at each <see cref="SshStage"/> (fault injection): it may take its time (a delay) and then let the
/// connection go on, or have it ended.
/// </summary>
public interface ISshStageHook
{
    ValueTask<SshAbort> AtStageAsync(SshStage stage, SshAuthContext connection, string? user, CancellationToken cancellationToken);
}
