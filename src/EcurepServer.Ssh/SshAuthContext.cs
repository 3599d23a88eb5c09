using System.Net;

namespace EcurepServer.Ssh;

/// <summary>What the authenticator may know of the connection asking.</summary>
public sealed record SshAuthContext(string ConnectionId, IPEndPoint RemoteEndPoint, string ClientVersion)
{
    /// <summary>The host's observer of this connection, so the host can tie the login to what it keeps of the connection.</summary>
    public ISshConnectionObserver? Observer { get; init; }
}
