using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

/// <summary>
/// One FTP command. The declaration (verb, login, TLS, transfer, FEAT line) is what the session checks
/// before it calls <see cref="ExecuteAsync"/>, so each handler holds only its own rule.
/// </summary>
internal abstract class FtpCommandHandler
{
    public abstract string Verb { get; }

    /// <summary>Other verbs for the same command (XCWD for CWD, ...).</summary>
    public virtual IReadOnlyList<string> Aliases => [];

    public virtual bool RequiresLogin => true;

    /// <summary>Allowed on a clear control channel when the server requires TLS.</summary>
    public virtual bool AllowedBeforeTls => false;

    /// <summary>Runs at once during a transfer instead of waiting for it to end (ABOR, STAT).</summary>
    public virtual bool AllowedDuringTransfer => false;

    /// <summary>False for commands known only to be answered 502; HELP leaves them out.</summary>
    public virtual bool Implemented => true;

    /// <summary>The line FEAT lists for this command (RFC 2389), without the leading space.</summary>
    public virtual string? Feature => null;

    /// <summary>The 530 text when the command comes before AUTH on a server that requires TLS.</summary>
    public virtual string RefusalBeforeTls(FtpReplyTexts texts) => texts.TlsRequired;

    public abstract Task ExecuteAsync(FtpSession session, string argument);
}
