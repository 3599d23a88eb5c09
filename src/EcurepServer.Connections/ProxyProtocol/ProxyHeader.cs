using System.Net;

namespace EcurepServer.Connections.ProxyProtocol;

/// <summary>
/// What a load balancer's PROXY protocol header said about the connection it relays: the client's own address and
/// port, or nothing when the balancer opened the connection for itself (a v2 LOCAL command, a v1 UNKNOWN line: its
/// health checks).
/// </summary>
public sealed record ProxyHeader(IPEndPoint? Source, IPEndPoint? Destination)
{
    public static ProxyHeader Local { get; } = new(null, null);

    /// <summary>The balancer's own connection, not a relayed client.</summary>
    public bool IsLocal => Source is null;
}
