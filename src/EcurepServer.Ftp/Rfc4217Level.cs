namespace EcurepServer.Ftp;

/// <summary>
/// How closely the server follows RFC 4217, after z/OS's TLSRFCLEVEL. The two differ in AUTH and CCC only;
/// README.md lists the exact differences.
/// </summary>
public enum Rfc4217Level
{
    /// <summary>RFC 4217 as published: every AUTH mechanism secures the control channel only; CCC clears it.</summary>
    Full,

    /// <summary>The Internet-Draft: AUTH SSL and AUTH TLS-P also protect the data channel; CCC is not available.</summary>
    Draft,
}
