using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

/// <summary>AUTH (RFC 2228, RFC 4217 section 4): 234, then the TLS handshake on the control connection.</summary>
internal sealed class AuthCommand : FtpCommandHandler
{
    private static readonly string[] Mechanisms = ["TLS", "TLS-C", "SSL", "TLS-P"];

    public override string Verb => "AUTH";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override string? Feature => "AUTH TLS";

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var mechanism = argument.Trim();
        if (session.IsTls)
        {
            await session.ReplyAsync(503, session.Texts.AuthAlreadyDone).ConfigureAwait(false);
            return;
        }

        if (!Mechanisms.Contains(mechanism, StringComparer.OrdinalIgnoreCase))
        {
            await session.ReplyAsync(504, FtpReplyTexts.Format(session.Texts.AuthMechanismUnknown, "mechanism", mechanism)).ConfigureAwait(false);
            return;
        }

        if (session.Server.Tls is not { } tls)
        {
            await session.ReplyAsync(431, session.Texts.AuthUnavailable).ConfigureAwait(false);
            return;
        }

        await session.ReplyAsync(234, session.Texts.AuthSucceeded).ConfigureAwait(false);
        try
        {
            await session.Control.UpgradeAsync(tls, session.Options.TlsHandshakeTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // The stream is in an unknown state after a failed handshake; the only safe move is to hang up.
            FtpLog.TlsFailed(session.Logger, e);
            session.RequestClose();
            return;
        }

        session.ResetForTls();
        var established = session.Control.Tls!;
        FtpLog.TlsEstablished(session.Logger, established.SslProtocol.ToString(), established.NegotiatedCipherSuite.ToString());
    }
}

/// <summary>PBSZ (RFC 4217 section 8): only after AUTH; TLS has no buffer, so the answer is always PBSZ=0.</summary>
internal sealed class PbszCommand : FtpCommandHandler
{
    public override string Verb => "PBSZ";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override string? Feature => "PBSZ";

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        if (!session.IsTls)
        {
            return session.ReplyAsync(503, session.Texts.PbszWithoutAuth);
        }

        var size = argument.Trim();
        if (size.Length == 0 || size.Length > 10 || !size.All(char.IsAsciiDigit))
        {
            return session.ReplyAsync(501, session.Texts.PbszMalformed);
        }

        session.ProtectionBufferSet = true;
        return session.ReplyAsync(200, session.Texts.PbszAccepted);
    }
}

/// <summary>PROT (RFC 4217 section 9): C and P after PBSZ; S and E do not exist for TLS.</summary>
internal sealed class ProtCommand : FtpCommandHandler
{
    public override string Verb => "PROT";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override string? Feature => "PROT";

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        if (!session.IsTls || !session.ProtectionBufferSet)
        {
            return session.ReplyAsync(503, session.Texts.ProtWithoutPbsz);
        }

        var level = argument.Trim().ToUpperInvariant();
        switch (level)
        {
            case "C":
                session.DataProtected = false;
                return session.ReplyAsync(200, FtpReplyTexts.Format(session.Texts.ProtAccepted, "level", "Clear"));
            case "P":
                session.DataProtected = true;
                return session.ReplyAsync(200, FtpReplyTexts.Format(session.Texts.ProtAccepted, "level", "Private"));
            case "S" or "E":
                return session.ReplyAsync(536, FtpReplyTexts.Format(session.Texts.ProtUnsupported, "level", level));
            default:
                return session.ReplyAsync(504, FtpReplyTexts.Format(session.Texts.ProtUnknown, "level", level));
        }
    }
}
