namespace EcurepServer.Ftp.Tls;

/// <summary>What a data connection's TLS handshake was, measured against its control connection's session.</summary>
internal enum DataSessionVerdict
{
    /// <summary>It resumed the control connection's session.</summary>
    Resumed,

    /// <summary>A full handshake that offered no identity of the control connection's session.</summary>
    NewSession,

    /// <summary>It offered the control connection's session, but the server could not resume it (expired or evicted).</summary>
    NotResumed,

    /// <summary>It resumed a session, but not the control connection's.</summary>
    OtherSession,

    /// <summary>The handshake's clear part could not be read, so it proves nothing.</summary>
    Unreadable,
}

internal static class DataSessionVerdictText
{
    /// <summary>Why a data connection was refused, for the log.</summary>
    public static string Describe(this DataSessionVerdict verdict) => verdict switch
    {
        DataSessionVerdict.NewSession => "its TLS session was not the control connection's: it started a new one",
        DataSessionVerdict.NotResumed => "its TLS session was not the control connection's: the client offered it, but it could not be resumed (TLS sessions expire 2 hours after AUTH)",
        DataSessionVerdict.OtherSession => "its TLS session was not the control connection's: it resumed another one",
        _ => "its TLS session could not be shown to be the control connection's (unreadable handshake)",
    };
}
