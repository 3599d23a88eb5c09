using System.Net;

namespace EcurepServer.Ssh;

/// <summary>What the authenticator may know of the connection asking.</summary>
public sealed record SshAuthContext(string ConnectionId, IPEndPoint RemoteEndPoint, string ClientVersion);
