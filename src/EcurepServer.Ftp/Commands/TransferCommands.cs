using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

/// <summary>Checks every command that opens a data connection makes first; a refused command drops the announced channel.</summary>
internal abstract class DataCommandBase : FtpCommandHandler
{
    protected static async Task<bool> DataChannelReadyAsync(FtpSession session)
    {
        if (!session.HasDataChannel)
        {
            await session.ReplyAsync(425, session.Texts.UseDataCommandFirst).ConfigureAwait(false);
            return false;
        }

        if (!session.ClaimDataChannel())
        {
            var seconds = Math.Ceiling(session.Options.DataConnectionAcceptTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await session.ReplyAsync(425, FtpReplyTexts.Format(session.Texts.PassivePortExpired, "seconds", seconds)).ConfigureAwait(false);
            return false;
        }

        if (session.Options.RequireProtectedData && !session.DataProtected)
        {
            session.SetDataChannel(null);
            await session.ReplyAsync(521, session.Texts.ProtectedDataRequired).ConfigureAwait(false);
            return false;
        }

        // ECuRep takes anonymous uploads only "using tools that enforce encryption of the content".
        if (session.Options.AnonymousRequiresProtectedData && session.Principal is { IsAnonymous: true } && !session.DataProtected)
        {
            session.SetDataChannel(null);
            FtpLog.Refused(session.Logger, "PROT C", "AnonymousClearData", session.Texts.AnonymousProtectedDataRequired);
            await session.ReplyAsync(521, session.Texts.AnonymousProtectedDataRequired).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    protected static string OpeningText(FtpSession session, string file) =>
        FtpReplyTexts.Format(session.AsciiType ? session.Texts.OpeningAsciiDataConnection : session.Texts.OpeningBinaryDataConnection, "file", file);
}

/// <summary>STOR, APPE and STOU: resolve, let Core open the upload, then receive beside the command loop.</summary>
internal abstract class UploadCommandBase : DataCommandBase
{
    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var restart = session.RestartOffset;
        session.RestartOffset = 0;
        if (session.AsciiType && !session.Options.AllowAsciiUploads)
        {
            session.SetDataChannel(null);
            FtpLog.Refused(session.Logger, Verb, "AsciiMode", session.Texts.AsciiUploadRefused);
            await session.ReplyAsync(550, session.Texts.AsciiUploadRefused).ConfigureAwait(false);
            return;
        }

        if (!await DataChannelReadyAsync(session).ConfigureAwait(false))
        {
            return;
        }

        var begun = await BeginAsync(session, argument, restart).ConfigureAwait(false);
        if (!begun.Succeeded)
        {
            session.SetDataChannel(null);
            await session.RefuseAsync(Verb, begun.Refusal, storing: true).ConfigureAwait(false);
            return;
        }

        var upload = begun.Value;
        var name = upload.Path.Name;
        session.StartTransfer("upload", transfer => UploadRunner.RunAsync(session, transfer, upload, Opening(session, name), Complete(session, name)));
    }

    /// <summary>Lets Core open the upload the argument asks for.</summary>
    protected abstract ValueTask<Core.Outcome<IUpload>> BeginAsync(FtpSession session, string argument, long restart);

    protected virtual string Opening(FtpSession session, string name) => OpeningText(session, name);

    protected virtual string Complete(FtpSession session, string name) => session.Texts.TransferComplete;
}

/// <summary>STOR and APPE: the argument names the file.</summary>
internal abstract class NamedUploadCommandBase : UploadCommandBase
{
    protected override async ValueTask<Core.Outcome<IUpload>> BeginAsync(FtpSession session, string argument, long restart)
    {
        var target = argument.Length == 0
            ? Core.Outcome<VirtualPath>.Refused(Core.RefusalKind.InvalidPath, FtpReplyTexts.Format(session.Texts.SyntaxError, "verb", Verb))
            : session.Box.Resolve(session.CurrentDirectory, argument);
        return target.Succeeded
            ? await session.Box.BeginUploadAsync(CreateRequest(target.Value, restart), CancellationToken.None).ConfigureAwait(false)
            : target.Refusal;
    }

    protected abstract UploadRequest CreateRequest(VirtualPath path, long restart);
}

internal sealed class StorCommand : NamedUploadCommandBase
{
    public override string Verb => "STOR";

    protected override UploadRequest CreateRequest(VirtualPath path, long restart) =>
        restart > 0 ? new UploadRequest(path, UploadMode.Resume, restart) : new UploadRequest(path, UploadMode.Create);
}

internal sealed class AppeCommand : NamedUploadCommandBase
{
    public override string Verb => "APPE";

    protected override UploadRequest CreateRequest(VirtualPath path, long restart) => new(path, UploadMode.Append);
}

/// <summary>STOU (RFC 1123 4.1.2.9): Core picks a fresh name; "150 FILE: name" and the 226 name it.</summary>
internal sealed class StouCommand : UploadCommandBase
{
    public override string Verb => "STOU";

    /// <summary>Core picks the name as it claims it, so two sessions, on one node or two, never get the same one.</summary>
    protected override ValueTask<Core.Outcome<IUpload>> BeginAsync(FtpSession session, string argument, long restart) =>
        session.Box.BeginUniqueUploadAsync(session.CurrentDirectory, argument.Length == 0 ? null : argument, CancellationToken.None);

    protected override string Opening(FtpSession session, string name) => FtpReplyTexts.Format(session.Texts.OpeningUniqueFile, "file", name);

    protected override string Complete(FtpSession session, string name) => FtpReplyTexts.Format(session.Texts.UniqueTransferComplete, "file", name);
}

internal sealed class RetrCommand : DataCommandBase
{
    public override string Verb => "RETR";

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var restart = session.RestartOffset;
        session.RestartOffset = 0;
        if (!await DataChannelReadyAsync(session).ConfigureAwait(false))
        {
            return;
        }

        var path = session.Box.Resolve(session.CurrentDirectory, argument);
        var opened = path.Succeeded ? session.Box.OpenRead(path.Value, restart) : path.Refusal!;
        if (!opened.Succeeded)
        {
            session.SetDataChannel(null);
            await session.RefuseAsync(Verb, opened.Refusal).ConfigureAwait(false);
            return;
        }

        var name = path.Value!.Name;
        var source = opened.Value;
        session.StartTransfer("download", transfer => DownloadRunner.RunAsync(session, transfer, source, name, OpeningText(session, name)));
    }
}
