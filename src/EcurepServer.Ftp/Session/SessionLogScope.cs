using System.Collections;

namespace EcurepServer.Ftp.Session;

/// <summary>The session's logging scope; read at each log event, so the user and protocol stay current after login and AUTH.</summary>
internal sealed class SessionLogScope(FtpSession session) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 5;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("SessionId", session.Id),
        1 => new("Site", session.Server.SiteName),
        2 => new("Protocol", session.ProtocolName),
        3 => new("User", session.Principal?.Name),
        4 => new("RemoteEndPoint", session.RemoteEndPoint.ToString()),
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

    public override string ToString() =>
        $"SessionId:{session.Id} Site:{session.Server.SiteName} Protocol:{session.ProtocolName} User:{session.Principal?.Name} RemoteEndPoint:{session.RemoteEndPoint}";
}
