using EcurepServer.Core.Faults;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Ftp.Session;
using EcurepServer.Ftp.Tls;

namespace EcurepServer.Ftp.Commands;

/// <summary>
/// AUTH (RFC 2228, RFC 4217 section 4): 234, then the TLS handshake on the control connection. At the draft
/// level, SSL and TLS-P also make the data channel private, as if PBSZ 0 and PROT P had followed.
/// </summary>
internal sealed class AuthCommand : FtpCommandHandler
{
    private static readonly string[] Mechanisms = ["TLS", "TLS-C", "SSL", "TLS-P"];

    private static readonly string[] DraftDataProtectingMechanisms = ["SSL", "TLS-P"];

    public override string Verb => "AUTH";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override string? Feature => "AUTH TLS";

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var mechanism = argument.Trim();
        if (session.CommandChannelCleared)
        {
            await session.ReplyAsync(503, FtpReplyTexts.Format(session.Texts.SecurityCommandAfterCcc, "verb", Verb)).ConfigureAwait(false);
            return;
        }

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

        // A reply or corrupt reply takes the 234's place; a delay or disconnect comes after it, where the handshake would.
        var fault = await session.FaultAsync(FaultPoint.TlsHandshake, FtpFaults.AtReplyPoint).ConfigureAwait(false);
        if (fault is { Action.Kind: FaultActionKind.Reply or FaultActionKind.CorruptReply })
        {
            await FtpFaults.ApplyAsync(session, fault).ConfigureAwait(false);
            return;
        }

        await session.ReplyAsync(234, FtpReplyTexts.Format(session.Texts.AuthSucceeded, "mechanism", mechanism.ToUpperInvariant())).ConfigureAwait(false);
        if (fault is not null && await FtpFaults.ApplyAsync(session, fault).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await session.Control.UpgradeAsync(tls, session.Options.TlsHandshakeTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // The stream is in an unknown state after a failed handshake; the only safe move is to hang up.
            FtpLog.TlsFailed(session.Logger, e);
            session.Transcript.Write(TlsTranscript.Failed(TlsTranscript.Control, e.Message));
            session.RequestClose(EndReasons.ProtocolError, "the TLS handshake after AUTH failed");
            session.Offended(Connections.ClientOffence.ProtocolError);
            return;
        }

        var established = session.Control.Tls!;
        session.Transcript.Write(TlsTranscript.Established(TlsTranscript.Control, established, session.Control.Session?.Resumed));
        session.ResetForTls();
        if (session.Options.Rfc4217Level == Rfc4217Level.Draft && DraftDataProtectingMechanisms.Contains(mechanism, StringComparer.OrdinalIgnoreCase))
        {
            session.ProtectionBufferSet = true;
            session.DataProtected = true;
            session.Transcript.Write(new ProtectionEvent("data", "private"));
        }

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
        if (session.CommandChannelCleared)
        {
            return session.ReplyAsync(503, FtpReplyTexts.Format(session.Texts.SecurityCommandAfterCcc, "verb", Verb));
        }

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
        if (session.CommandChannelCleared)
        {
            return session.ReplyAsync(503, FtpReplyTexts.Format(session.Texts.SecurityCommandAfterCcc, "verb", Verb));
        }

        if (!session.IsTls || !session.ProtectionBufferSet)
        {
            return session.ReplyAsync(503, session.Texts.ProtWithoutPbsz);
        }

        var level = argument.Trim().ToUpperInvariant();
        switch (level)
        {
            case "C":
                session.DataProtected = false;
                session.Transcript.Write(new ProtectionEvent("data", "clear"));
                return session.ReplyAsync(200, session.Texts.ProtClear);
            case "P":
                session.DataProtected = true;
                session.Transcript.Write(new ProtectionEvent("data", "private"));
                return session.ReplyAsync(200, session.Texts.ProtPrivate);
            case "S" or "E":
                return session.ReplyAsync(536, FtpReplyTexts.Format(session.Texts.ProtUnsupported, "level", level));
            default:
                return session.ReplyAsync(504, FtpReplyTexts.Format(session.Texts.ProtUnknown, "level", level));
        }
    }
}

/// <summary>
/// CCC (RFC 4217 section 6, RFC 2228 codes): 533 on a clear channel, 534 where the site or the draft level does
/// not allow it, else 200 under TLS, then close_notify; the session goes on in clear over the same socket and the
/// data channel keeps its PROT level.
/// </summary>
internal sealed class CccCommand : FtpCommandHandler
{
    public override string Verb => "CCC";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var texts = session.Texts;
        if (!session.IsTls)
        {
            await session.ReplyAsync(533, texts.CccWithoutTls).ConfigureAwait(false);
            return;
        }

        if (session.Options.Rfc4217Level == Rfc4217Level.Draft)
        {
            await session.ReplyAsync(534, texts.CccUnavailableAtDraftLevel).ConfigureAwait(false);
            return;
        }

        if (!session.Options.AllowClearCommandChannel)
        {
            await session.ReplyAsync(534, texts.CccRefused).ConfigureAwait(false);
            return;
        }

        await session.ReplyAsync(200, texts.CccAccepted).ConfigureAwait(false);
        await session.ClearCommandChannelAsync().ConfigureAwait(false);
        session.Transcript.Write(new ProtectionEvent("control", "clear"));
        FtpLog.CommandChannelCleared(session.Logger);
    }
}
