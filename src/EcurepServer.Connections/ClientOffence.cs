namespace EcurepServer.Connections;

/// <summary>What an engine saw a client do wrong, for the host's defender to score against the client's address.</summary>
public enum ClientOffence
{
    /// <summary>The client broke the protocol: a failed TLS handshake, a malformed SSH packet, too many oversized lines.</summary>
    ProtocolError,

    /// <summary>Input no client sends by mistake: an FTP bounce (PORT to another host), a path that climbs out of the tree.</summary>
    HostileInput,

    /// <summary>The connection ended without a login.</summary>
    NoLogin,
}
