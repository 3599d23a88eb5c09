using EcurepServer.Core.Accounts;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Transcripts;
using EcurepServer.Ftp.Protocol;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

internal sealed class UserCommand : FtpCommandHandler
{
    public override string Verb => "USER";

    public override bool RequiresLogin => false;

    public override string RefusalBeforeTls(FtpReplyTexts texts) => texts.UserBeforeAuth;

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var user = argument.Trim();
        if (user.Length == 0)
        {
            return session.ReplyAsync(501, FtpReplyTexts.Format(session.Texts.SyntaxError, "verb", Verb));
        }

        if (session.DropBox is not null)
        {
            return session.ReplyAsync(503, session.Texts.AlreadyLoggedIn);
        }

        session.PendingUser = user;
        return session.Server.Logins.IsAnonymousName(user)
            ? session.ReplyAsync(331, session.Texts.AnonymousPasswordRequired)
            : session.ReplyAsync(331, FtpReplyTexts.Format(session.Texts.PasswordRequired, "user", user));
    }
}

/// <summary>PASS: Core checks the credentials (and has already waited its delay on failure).</summary>
internal sealed class PassCommand : FtpCommandHandler
{
    public override string Verb => "PASS";

    public override bool RequiresLogin => false;

    public override string RefusalBeforeTls(FtpReplyTexts texts) => texts.UserBeforeAuth;

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var texts = session.Texts;
        if (session.DropBox is not null)
        {
            await session.ReplyAsync(503, texts.AlreadyLoggedIn).ConfigureAwait(false);
            return;
        }

        if (session.PendingUser is not { } user)
        {
            await session.ReplyAsync(503, texts.PassWithoutUser).ConfigureAwait(false);
            return;
        }

        session.PendingUser = null;

        // Core's login asks about delay and refuse-login itself, for FTPS and SFTP alike.
        if (await session.FaultAsync(FaultPoint.Login, FtpFaults.AtReplyPoint & ~FaultActionKind.Delay, user).ConfigureAwait(false) is { } fault
            && await FtpFaults.ApplyAsync(session, fault).ConfigureAwait(false))
        {
            return;
        }

        var result = await session.Server.Logins.LoginAsync(session.Context, user, argument, CancellationToken.None).ConfigureAwait(false);
        if (result.Failure == LoginFailure.Busy)
        {
            FtpLog.SessionClosed(session.Logger, "too many logins in progress");
            await session.ReplyAsync(421, texts.LoginBusy).ConfigureAwait(false);
            session.RequestClose(EndReasons.Busy, "too many logins in progress");
            return;
        }

        if (result.Principal is not { } principal)
        {
            session.FailedLogins++;
            FtpLog.LoginFailed(session.Logger, user, result.Failure.ToString());
            if (session.FailedLogins >= session.Options.MaxFailedLogins)
            {
                FtpLog.SessionClosed(session.Logger, "too many failed logins");
                await session.ReplyAsync(421, texts.TooManyFailedLogins).ConfigureAwait(false);
                session.RequestClose(EndReasons.ProtocolError, "too many failed logins");
                return;
            }

            await session.ReplyAsync(530, texts.LoginIncorrect).ConfigureAwait(false);
            return;
        }

        session.LogIn(principal);
        FtpLog.LoginSucceeded(session.Logger, principal.IsAnonymous);
        ReadOnlySpan<(string, string)> values =
        [
            ("user", principal.Name),
            ("userUpper", principal.Name.ToUpperInvariant()),
            ("directory", session.CurrentDirectory.Value),
        ];
        string[] optional = [FtpReplyTexts.Fill(texts.LoginWorkingDirectory, values), FtpReplyTexts.Fill(texts.LoginLoggedInAs, values)];
        await session.ReplyAsync(FtpReply.WithPrefix(
            230,
            [.. session.Options.LoginMessage, .. optional.Where(line => line.Length > 0)],
            FtpReplyTexts.Fill(texts.LoginSucceeded, values))).ConfigureAwait(false);
    }
}

/// <summary>Commands the server knows but does not offer (RFC 959 reply 502).</summary>
internal class NotImplementedCommand(string verb, bool requiresLogin = true) : FtpCommandHandler
{
    public override string Verb => verb;

    public override bool RequiresLogin => requiresLogin;

    public override bool Implemented => false;

    public override Task ExecuteAsync(FtpSession session, string argument) =>
        session.ReplyAsync(502, FtpReplyTexts.Format(session.Texts.CommandNotImplemented, "verb", verb));
}

internal sealed class AcctCommand() : NotImplementedCommand("ACCT", requiresLogin: false);

internal sealed class ReinCommand() : NotImplementedCommand("REIN", requiresLogin: false);

/// <summary>Changes to the tree other than uploads: the drop box never allows them.</summary>
internal sealed class RefusedCommand(string verb, params string[] aliases) : FtpCommandHandler
{
    public override string Verb => verb;

    public override IReadOnlyList<string> Aliases => aliases;

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        FtpLog.Refused(session.Logger, verb, "PermissionDenied", session.Texts.PermissionDenied);
        return session.ReplyAsync(550, session.Texts.PermissionDenied);
    }
}
