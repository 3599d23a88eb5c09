namespace EcurepServer.Core.Transcripts;

/// <summary>Why a session ended, as its transcript's last event says.</summary>
public static class EndReasons
{
    /// <summary>The client said goodbye: FTP QUIT, SSH DISCONNECT.</summary>
    public const string Quit = "quit";

    /// <summary>The client closed the connection with nothing in progress, without saying goodbye.</summary>
    public const string ClientClosed = "client-closed";

    /// <summary>The connection ended under a transfer or an open channel, was reset, or the client stopped answering.</summary>
    public const string ClientVanished = "client-vanished";

    public const string IdleTimeout = "idle-timeout";

    /// <summary>No login (SSH: no key exchange and authentication) within the login grace time.</summary>
    public const string LoginTimeout = "login-timeout";

    public const string ServerStop = "server-stop";

    /// <summary>A forced reset ended the session under an upload.</summary>
    public const string Reset = "reset";

    /// <summary>The client broke the protocol, failed the TLS handshake or used up its attempts.</summary>
    public const string ProtocolError = "protocol-error";

    /// <summary>Too many logins were waiting for their password check; this one was refused unchecked.</summary>
    public const string Busy = "busy";

    /// <summary>The server failed.</summary>
    public const string Fault = "fault";

    /// <summary>A fault rule ended the session on purpose (fault injection).</summary>
    public const string InjectedFault = "injected-fault";

    /// <summary>Endings that are no failure of the session.</summary>
    public static bool IsNormal(string reason) => reason is Quit or ClientClosed;
}

/// <summary>What became of an upload, as its <see cref="Events.UploadEvent"/> says.</summary>
public static class UploadOutcomes
{
    public const string Delivered = "delivered";

    /// <summary>Not delivered (interrupted, or refused on the way, as its reason says); what arrived is kept for a resume.</summary>
    public const string Kept = "kept";

    /// <summary>Not delivered and nothing kept: no byte arrived, or the data exceeded the size limit.</summary>
    public const string Discarded = "discarded";

    /// <summary>Refused before it began: a path outside a product directory, a name delivered already, a quota used up.</summary>
    public const string Refused = "refused";
}
