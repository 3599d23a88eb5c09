using System.Collections;
using System.Net;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// The logging scope of one connection; the user joins it once authenticated. The connection id is logged as
/// SessionId, the name every front door's log events use, so one query finds an FTPS or an SFTP session.
/// </summary>
internal sealed class ConnectionLogScope(string connectionId, IPEndPoint remoteEndPoint) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string ConnectionId { get; } = connectionId;

    public IPEndPoint RemoteEndPoint { get; } = remoteEndPoint;

    public string? User { get; set; }

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("SessionId", ConnectionId),
        1 => new("RemoteEndPoint", RemoteEndPoint.ToString()),
        2 => new("User", User),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"SessionId:{ConnectionId} RemoteEndPoint:{RemoteEndPoint} User:{User}";
}
