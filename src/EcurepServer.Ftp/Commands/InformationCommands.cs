using EcurepServer.Core.Transcripts;
using EcurepServer.Ftp.Protocol;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

/// <summary>FEAT (RFC 2389): works before login and before AUTH, so clients can discover AUTH TLS.</summary>
internal sealed class FeatCommand : FtpCommandHandler
{
    public override string Verb => "FEAT";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var features = session.Server.Commands.Features.Select(f => " " + f);
        return session.ReplyAsync(new FtpReply(
            211, [session.Texts.FeaturesHeader, .. features, session.Texts.FeaturesEnd], RawContinuation: true));
    }
}

/// <summary>
/// OPTS UTF8 and OPTS MLST (the facts are always all sent). UTF8 ON and OFF are both accepted: every line is read
/// as UTF-8 when it is valid UTF-8 and as Latin-1 otherwise, whatever the client chose.
/// </summary>
internal sealed class OptsCommand : FtpCommandHandler
{
    public override string Verb => "OPTS";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override string? Feature => "UTF8";

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var parsed = CommandLine.Parse(argument.Trim());
        return parsed.Verb switch
        {
            "UTF8" or "UTF-8" when parsed.Argument.Length == 0 || parsed.Argument.Equals("ON", StringComparison.OrdinalIgnoreCase) =>
                session.ReplyAsync(200, session.Texts.Utf8Enabled),
            "UTF8" or "UTF-8" when parsed.Argument.Equals("OFF", StringComparison.OrdinalIgnoreCase) =>
                session.ReplyAsync(200, session.Texts.Utf8Disabled),
            "MLST" => session.ReplyAsync(200, FtpReplyTexts.Format(session.Texts.MlstOptions, "facts", Listing.MlsxFormatter.FactNames)),
            _ => session.ReplyAsync(501, FtpReplyTexts.Format(session.Texts.OptionUnknown, "option", parsed.Verb)),
        };
    }
}

internal sealed class SystCommand : FtpCommandHandler
{
    public override string Verb => "SYST";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override Task ExecuteAsync(FtpSession session, string argument) => session.ReplyAsync(215, session.Texts.SystemType);
}

internal sealed class NoopCommand : FtpCommandHandler
{
    public override string Verb => "NOOP";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override Task ExecuteAsync(FtpSession session, string argument) => session.ReplyAsync(200, session.Texts.NoopOk);
}

internal sealed class HelpCommand : FtpCommandHandler
{
    public override string Verb => "HELP";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var rows = session.Server.Commands.ImplementedVerbs.Chunk(8).Select(verbs => " " + string.Join(' ', verbs.Select(v => v.PadRight(5))).TrimEnd());
        return session.ReplyAsync(new FtpReply(214, [session.Texts.HelpHeader, .. rows, session.Texts.HelpEnd], RawContinuation: true));
    }
}

internal sealed class QuitCommand : FtpCommandHandler
{
    public override string Verb => "QUIT";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        await session.ReplyAsync(221, session.Texts.Goodbye).ConfigureAwait(false);
        session.RequestClose(EndReasons.Quit);
    }
}

/// <summary>STAT without argument: the session's state, including the RFC 4217 protection levels.</summary>
internal sealed class StatCommand : FtpCommandHandler
{
    public override string Verb => "STAT";

    public override bool RequiresLogin => false;

    public override bool AllowedBeforeTls => true;

    public override bool AllowedDuringTransfer => true;

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var texts = session.Texts;
        if (argument.Trim().Length > 0)
        {
            return session.ReplyAsync(502, FtpReplyTexts.Format(texts.CommandNotImplemented, "verb", Verb));
        }

        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            FtpReplyTexts.Format(texts.StatusHeader, "site", session.Server.SiteName),
            FtpReplyTexts.Format(
                texts.StatusConnectedTo, "address", session.RemoteEndPoint.Address.ToString(), "port", session.RemoteEndPoint.Port.ToString(culture)),
            session.Principal is { } principal
                ? FtpReplyTexts.Format(
                    texts.StatusLoggedIn, "user", principal.IsAnonymous ? texts.StatusAnonymousUser : principal.Name, "directory", session.CurrentDirectory.Value)
                : texts.StatusNotLoggedIn,
            FtpReplyTexts.Format(texts.StatusType, "type", session.AsciiType ? "ASCII" : "Image"),
            FtpReplyTexts.Format(texts.StatusInactivity, "seconds", ((long)session.Options.IdleTimeout.TotalSeconds).ToString(culture)),
            FtpReplyTexts.Format(texts.StatusAuthentication, "auth", session.TlsNegotiated ? "TLS" : "none"),
            FtpReplyTexts.Format(texts.StatusControlProtection, "level", session.IsTls ? "Private" : "Clear"),
            FtpReplyTexts.Format(texts.StatusDataProtection, "level", session.DataProtected ? "Private" : "Clear"),
            FtpReplyTexts.Format(texts.StatusTlsLevel, "level", session.Options.Rfc4217Level == Rfc4217Level.Draft ? "DRAFT" : "RFC4217"),
        };
        if (session.Transfer is { DataOpen: true } transfer)
        {
            lines.Add(FtpReplyTexts.Format(texts.StatusTransfer, "bytes", transfer.Bytes.ToString(culture)));
        }

        lines.Add(texts.StatusEnd);
        return session.ReplyAsync(new FtpReply(211, [.. lines.Where(line => line.Length > 0)]));
    }
}

/// <summary>ABOR (RFC 959 section 4.1.3): the running transfer answers 426, then ABOR answers 226.</summary>
internal sealed class AborCommand : FtpCommandHandler
{
    public override string Verb => "ABOR";

    public override bool AllowedDuringTransfer => true;

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        if (session.Transfer is { } transfer)
        {
            transfer.Stop(TransferStopReason.Abort);
            await transfer.Completion.ConfigureAwait(false);
        }

        session.SetDataChannel(null);
        await session.ReplyAsync(226, session.Texts.AbortSucceeded).ConfigureAwait(false);
    }
}
