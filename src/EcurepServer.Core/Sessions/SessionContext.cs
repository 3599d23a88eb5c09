using System.Net;

namespace EcurepServer.Core.Sessions;

/// <summary>Who is talking to the drop box, through which front door. Carried into logs and receipts.</summary>
public sealed record SessionContext(string SessionId, string Site, string Protocol, IPEndPoint RemoteEndPoint);
