using System.Globalization;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

/// <summary>
/// TYPE: Image, Local byte size 8 (the same as Image, RFC 1123 4.1.2.1), or ASCII (accepted, but uploads in it are
/// refused unless the policy stores them byte-exact).
/// </summary>
internal sealed class TypeCommand : FtpCommandHandler
{
    public override string Verb => "TYPE";

    public override bool RequiresLogin => false;

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var type = string.Join(' ', argument.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        switch (type)
        {
            case "I" or "L 8" or "L8":
                session.AsciiType = false;
                return session.ReplyAsync(200, session.Texts.TypeImage);
            case "A" or "A N":
                session.AsciiType = true;
                return session.ReplyAsync(200, session.Texts.TypeAscii);
            case "":
                return session.ReplyAsync(501, FtpReplyTexts.Format(session.Texts.SyntaxError, "verb", Verb));
            default:
                return session.ReplyAsync(504, FtpReplyTexts.Format(session.Texts.TypeUnsupported, "type", type));
        }
    }
}

internal sealed class ModeCommand : FtpCommandHandler
{
    public override string Verb => "MODE";

    public override bool RequiresLogin => false;

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var mode = argument.Trim().ToUpperInvariant();
        return mode == "S"
            ? session.ReplyAsync(200, session.Texts.ModeStream)
            : session.ReplyAsync(504, FtpReplyTexts.Format(session.Texts.ModeUnsupported, "mode", mode));
    }
}

internal sealed class StruCommand : FtpCommandHandler
{
    public override string Verb => "STRU";

    public override bool RequiresLogin => false;

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var structure = argument.Trim().ToUpperInvariant();
        return structure == "F"
            ? session.ReplyAsync(200, session.Texts.StructureFile)
            : session.ReplyAsync(504, FtpReplyTexts.Format(session.Texts.StructureUnsupported, "structure", structure));
    }
}

internal sealed class AlloCommand : FtpCommandHandler
{
    public override string Verb => "ALLO";

    public override bool RequiresLogin => false;

    public override Task ExecuteAsync(FtpSession session, string argument) => session.ReplyAsync(202, session.Texts.AllocateIgnored);
}

/// <summary>REST (RFC 3659 STREAM restart): the offset applies to the next STOR (resume) or RETR.</summary>
internal sealed class RestCommand : FtpCommandHandler
{
    public override string Verb => "REST";

    public override string? Feature => "REST STREAM";

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        if (!long.TryParse(argument.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return session.ReplyAsync(501, FtpReplyTexts.Format(session.Texts.SyntaxError, "verb", Verb));
        }

        session.RestartOffset = offset;
        return session.ReplyAsync(350, FtpReplyTexts.Format(
            session.Texts.RestartAccepted, "offset", offset.ToString(CultureInfo.InvariantCulture)));
    }
}
