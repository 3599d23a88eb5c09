using System.Globalization;
using System.Text;
using EcurepServer.Core.Tree;

namespace EcurepServer.Ftp.Listing;

/// <summary>LIST lines in `ls -l` form; the permission string shows what the principal may do (write-only dirs: d-wx-wx-wx).</summary>
internal static class LsFormatter
{
    private static readonly TimeSpan RecentWindow = TimeSpan.FromDays(180);

    public static string Permissions(NodeInfo node)
    {
        var access = node.Access;
        Span<char> owner =
        [
            node.IsDirectory ? (access.HasFlag(NodeAccess.List) ? 'r' : '-') : (access.HasFlag(NodeAccess.Read) ? 'r' : '-'),
            access.HasFlag(NodeAccess.Write) ? 'w' : '-',
            node.IsDirectory && access.HasFlag(NodeAccess.Enter) ? 'x' : '-',
        ];
        var triple = owner.ToString();
        return (node.IsDirectory ? "d" : "-") + triple + triple + triple;
    }

    public static void AppendLine(StringBuilder output, NodeInfo node, DateTimeOffset now)
    {
        var modified = node.Modified.ToUniversalTime();
        var date = (now - modified).Duration() < RecentWindow
            ? modified.ToString("MMM dd HH:mm", CultureInfo.InvariantCulture)
            : modified.ToString("MMM dd  yyyy", CultureInfo.InvariantCulture);
        output.Append(Permissions(node))
            .Append(CultureInfo.InvariantCulture, $" 1 ftp ftp {node.Size,12} {date} ")
            .Append(node.Name)
            .Append("\r\n");
    }
}
