using System.Net;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Transcripts;

namespace EcurepServer.Core.Sessions;

/// <summary>Who is talking to the drop box, through which front door. Carried into logs, receipts and the session's transcript.</summary>
public sealed record SessionContext(string SessionId, string Site, string Protocol, IPEndPoint RemoteEndPoint)
{
    /// <summary>The client's address as receipts show it (an IPv4-mapped address as IPv4).</summary>
    public IPAddress ClientAddress => AccountKey.Normalize(RemoteEndPoint.Address);

    /// <summary>Where Core notes logins and what became of uploads; none unless the front door keeps a transcript.</summary>
    public SessionTranscript Transcript { get; init; } = SessionTranscript.None;
}
