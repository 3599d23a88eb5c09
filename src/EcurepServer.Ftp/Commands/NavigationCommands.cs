using EcurepServer.Ftp.Protocol;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

/// <summary>CWD: Core decides whether the directory may be entered and which notice lines to show (as 250- lines).</summary>
internal class CwdCommand : FtpCommandHandler
{
    public override string Verb => "CWD";

    public override IReadOnlyList<string> Aliases => ["XCWD"];

    public override string? Feature => "TVFS";

    public override Task ExecuteAsync(FtpSession session, string argument) => ChangeDirectoryAsync(session, Verb, argument);

    protected static async Task ChangeDirectoryAsync(FtpSession session, string verb, string argument)
    {
        if (argument.Length == 0)
        {
            await session.ReplyAsync(501, FtpReplyTexts.Format(session.Texts.SyntaxError, "verb", verb)).ConfigureAwait(false);
            return;
        }

        var path = session.Box.Resolve(session.CurrentDirectory, argument);
        if (!path.Succeeded)
        {
            await session.RefuseAsync(verb, path.Refusal).ConfigureAwait(false);
            return;
        }

        var entry = session.Box.Enter(path.Value);
        if (!entry.Succeeded)
        {
            await session.RefuseAsync(verb, entry.Refusal).ConfigureAwait(false);
            return;
        }

        session.CurrentDirectory = entry.Value.Node.Path;
        var done = FtpReplyTexts.Format(session.Texts.CwdSucceeded, "directory", session.CurrentDirectory.Value);
        await session.ReplyAsync(FtpReply.WithPrefix(250, entry.Value.Notice, done)).ConfigureAwait(false);
    }
}

internal sealed class CdupCommand : CwdCommand
{
    public override string Verb => "CDUP";

    public override IReadOnlyList<string> Aliases => ["XCUP"];

    public override string? Feature => null;

    public override Task ExecuteAsync(FtpSession session, string argument) => ChangeDirectoryAsync(session, Verb, "..");
}

/// <summary>PWD: 257 with the path quoted, inner quotes doubled (RFC 959 appendix II).</summary>
internal sealed class PwdCommand : FtpCommandHandler
{
    public override string Verb => "PWD";

    public override IReadOnlyList<string> Aliases => ["XPWD"];

    public override Task ExecuteAsync(FtpSession session, string argument)
    {
        var quoted = session.CurrentDirectory.Value.Replace("\"", "\"\"", StringComparison.Ordinal);
        return session.ReplyAsync(257, FtpReplyTexts.Format(session.Texts.CurrentDirectory, "directory", quoted));
    }
}
