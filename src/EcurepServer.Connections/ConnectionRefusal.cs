namespace EcurepServer.Connections;

/// <summary>Why a listener refused a connection at accept because a limit was reached (a banned address is the guard's own verdict).</summary>
public enum ConnectionRefusal
{
    /// <summary>Too many connections were waiting to log in (<c>MaxStartups</c>, per address or in all, or its random early drop).</summary>
    TooManyStartups,

    /// <summary>The listener already served <c>MaxSessions</c> connections, or <c>MaxSessionsPerAddress</c> from this address.</summary>
    TooManySessions,
}
