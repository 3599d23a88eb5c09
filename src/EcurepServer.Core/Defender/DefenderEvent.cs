namespace EcurepServer.Core.Defender;

/// <summary>What a client did that counts against its address, each with its weight in <see cref="DefenderWeights"/>.</summary>
public enum DefenderEvent
{
    /// <summary>A wrong password for a Transfer ID that exists, or an anonymous login with an unusable e-mail.</summary>
    FailedLogin,

    /// <summary>A login to a Transfer ID that does not exist, or anonymous where the site does not allow it.</summary>
    UnknownAccount,

    /// <summary>A protocol error: a failed TLS handshake, a malformed SSH packet, too many oversized command lines.</summary>
    ProtocolError,

    /// <summary>Input no client sends by mistake (an FTP bounce, a path that climbs out of the tree).</summary>
    HostileInput,

    /// <summary>A connection that ended without a login.</summary>
    NoLogin,
}
