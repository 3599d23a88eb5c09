using System.Net;
using EcurepServer.Core.Storage;

namespace EcurepServer.Core.Sessions;

/// <summary>Who is talking to the drop box, through which front door. Carried into logs and receipts.</summary>
public sealed record SessionContext(string SessionId, string Site, string Protocol, IPEndPoint RemoteEndPoint)
{
    /// <summary>The client's address as receipts show it (an IPv4-mapped address as IPv4).</summary>
    public IPAddress ClientAddress => AccountKey.Normalize(RemoteEndPoint.Address);
}
