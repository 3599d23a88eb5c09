using System.Globalization;
using System.Text;
using EcurepServer.Core;
using EcurepServer.Core.Tree;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Listing;
using EcurepServer.Ftp.Protocol;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

/// <summary>LIST, NLST and MLSD: Core lists (or refuses, e.g. write-only directories), the text goes over the data channel.</summary>
internal abstract class ListingCommandBase : DataCommandBase
{
    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        if (!await DataChannelReadyAsync(session).ConfigureAwait(false))
        {
            return;
        }

        var nodes = Nodes(session, PathArgument(argument));
        if (!nodes.Succeeded)
        {
            session.SetDataChannel(null);
            await session.RefuseAsync(Verb, nodes.Refusal).ConfigureAwait(false);
            return;
        }

        var text = new StringBuilder();
        var now = session.Time.GetUtcNow();
        foreach (var node in nodes.Value)
        {
            Append(text, node, now);
        }

        var source = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()), writable: false);
        var opening = session.Texts.OpeningListConnection;
        session.StartTransfer("listing", transfer => DownloadRunner.RunAsync(session, transfer, source, Verb, opening));
    }

    protected abstract void Append(StringBuilder text, NodeInfo node, DateTimeOffset now);

    /// <summary>A directory lists its entries; LIST and NLST of a file show that file.</summary>
    protected virtual Outcome<IReadOnlyList<NodeInfo>> Nodes(FtpSession session, string path)
    {
        var target = path.Length == 0 ? Outcome<VirtualPath>.Success(session.CurrentDirectory) : session.Box.Resolve(session.CurrentDirectory, path);
        if (!target.Succeeded)
        {
            return target.Refusal;
        }

        var node = session.Box.Stat(target.Value);
        if (!node.Succeeded)
        {
            return node.Refusal;
        }

        return node.Value.IsDirectory ? session.Box.List(target.Value) : Outcome<IReadOnlyList<NodeInfo>>.Success([node.Value]);
    }

    /// <summary>Clients send ls options ("LIST -la dir"); they are ignored, the rest is the path.</summary>
    private static string PathArgument(string argument)
    {
        var rest = argument.TrimStart();
        while (rest.StartsWith('-'))
        {
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            rest = space < 0 ? "" : rest[(space + 1)..].TrimStart();
        }

        return rest;
    }
}

internal sealed class ListCommand : ListingCommandBase
{
    public override string Verb => "LIST";

    protected override void Append(StringBuilder text, NodeInfo node, DateTimeOffset now) => LsFormatter.AppendLine(text, node, now);
}

internal sealed class NlstCommand : ListingCommandBase
{
    public override string Verb => "NLST";

    protected override void Append(StringBuilder text, NodeInfo node, DateTimeOffset now) => text.Append(node.Name).Append("\r\n");
}

internal sealed class MlsdCommand : ListingCommandBase
{
    public override string Verb => "MLSD";

    protected override void Append(StringBuilder text, NodeInfo node, DateTimeOffset now) => MlsxFormatter.AppendLine(text, node);

    protected override Outcome<IReadOnlyList<NodeInfo>> Nodes(FtpSession session, string path)
    {
        var target = path.Length == 0 ? Outcome<VirtualPath>.Success(session.CurrentDirectory) : session.Box.Resolve(session.CurrentDirectory, path);
        return target.Succeeded ? session.Box.List(target.Value) : target.Refusal;
    }
}

/// <summary>MLST (RFC 3659 section 7): the facts of one node on the control channel.</summary>
internal sealed class MlstCommand : FtpCommandHandler
{
    public override string Verb => "MLST";

    public override string? Feature => MlsxFormatter.Feature;

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var path = argument.Length == 0 ? Outcome<VirtualPath>.Success(session.CurrentDirectory) : session.Box.Resolve(session.CurrentDirectory, argument);
        var node = path.Succeeded ? session.Box.Stat(path.Value) : path.Refusal!;
        if (!node.Succeeded)
        {
            await session.RefuseAsync(Verb, node.Refusal).ConfigureAwait(false);
            return;
        }

        var texts = session.Texts;
        await session.ReplyAsync(new FtpReply(
            250,
            [
                FtpReplyTexts.Format(texts.ListingHeader, "path", node.Value.Path.Value),
                " " + MlsxFormatter.Facts(node.Value) + " " + node.Value.Path.Value,
                texts.ListingEnd,
            ],
            RawContinuation: true)).ConfigureAwait(false);
    }
}

/// <summary>SIZE (RFC 3659 section 4): a file's size, or the size of this account's interrupted upload (for resume).</summary>
internal sealed class SizeCommand : FtpCommandHandler
{
    public override string Verb => "SIZE";

    public override string? Feature => "SIZE";

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var path = session.Box.Resolve(session.CurrentDirectory, argument);
        if (!path.Succeeded)
        {
            await session.RefuseAsync(Verb, path.Refusal).ConfigureAwait(false);
            return;
        }

        var node = session.Box.Stat(path.Value);
        if (node.Succeeded && !node.Value.IsDirectory)
        {
            await session.ReplyAsync(213, node.Value.Size.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return;
        }

        var partial = session.Box.PartialLength(path.Value);
        if (partial.Succeeded)
        {
            await session.ReplyAsync(213, partial.Value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return;
        }

        await session.RefuseAsync(Verb, node.Succeeded ? partial.Refusal : node.Refusal).ConfigureAwait(false);
    }
}

/// <summary>MDTM (RFC 3659 section 3): modification time in UTC, YYYYMMDDHHMMSS.</summary>
internal sealed class MdtmCommand : FtpCommandHandler
{
    public override string Verb => "MDTM";

    public override string? Feature => "MDTM";

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var path = session.Box.Resolve(session.CurrentDirectory, argument);
        var node = path.Succeeded ? session.Box.Stat(path.Value) : path.Refusal!;
        if (!node.Succeeded)
        {
            await session.RefuseAsync(Verb, node.Refusal).ConfigureAwait(false);
            return;
        }

        var time = node.Value.Modified.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        await session.ReplyAsync(213, time).ConfigureAwait(false);
    }
}
