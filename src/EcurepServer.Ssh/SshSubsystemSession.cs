using System.IO.Pipelines;
using System.Net;

namespace EcurepServer.Ssh;

/// <summary>
/// One subsystem channel as a handler sees it. <see cref="Input"/> carries the client's channel data; the
/// library grants window as the handler consumes it, so a slow handler slows the client, not memory.
/// <see cref="Output"/> is sent as channel data within the client's window.
/// </summary>
public sealed record SshSubsystemSession(
    string Name,
    string User,
    object Identity,
    string ConnectionId,
    IPEndPoint RemoteEndPoint,
    PipeReader Input,
    PipeWriter Output)
{
    /// <summary>The host's observer of the connection, so the host can tie the subsystem to what it keeps of the connection.</summary>
    public ISshConnectionObserver? Observer { get; init; }

    /// <summary>Ends the whole SSH connection the subsystem runs on (a fault the host injects).</summary>
    public Func<SshAbort, ValueTask>? AbortConnection { get; init; }
}
