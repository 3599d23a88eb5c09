using System.Globalization;
using System.Text;
using EcurepServer.Core.Tree;

namespace EcurepServer.Ftp.Listing;

/// <summary>RFC 3659 facts (type, size, modify, perm) for MLSD and MLST; perm follows NodeAccess.</summary>
internal static class MlsxFormatter
{
    public const string FactNames = "type;size;modify;perm;";

    public const string Feature = "MLST type*;size*;modify*;perm*;";

    public static string Facts(NodeInfo node)
    {
        var perm = new StringBuilder();
        var access = node.Access;
        if (node.IsDirectory)
        {
            Append(perm, access.HasFlag(NodeAccess.Enter), 'e');
            Append(perm, access.HasFlag(NodeAccess.List), 'l');
            Append(perm, access.HasFlag(NodeAccess.Write), 'c');
        }
        else
        {
            Append(perm, access.HasFlag(NodeAccess.Read), 'r');
            Append(perm, access.HasFlag(NodeAccess.Write), 'a');
            Append(perm, access.HasFlag(NodeAccess.Write), 'w');
        }

        var type = node.IsDirectory ? "dir" : "file";
        var modify = node.Modified.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"type={type};size={node.Size};modify={modify};perm={perm};");
    }

    public static void AppendLine(StringBuilder output, NodeInfo node) =>
        output.Append(Facts(node)).Append(' ').Append(node.Name).Append("\r\n");

    private static void Append(StringBuilder perm, bool allowed, char letter)
    {
        if (allowed)
        {
            perm.Append(letter);
        }
    }
}
