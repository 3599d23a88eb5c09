using System.Globalization;
using EcurepServer.Core.Tree;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>
/// Core's nodes as SFTP attributes. The mode shows what Core allows: a write-only product directory is
/// <c>d-wx-wx-wx</c>, still a directory, so <c>cd toibm/aix</c> works in every client.
/// </summary>
internal static class NodeAttributes
{
    private const string Owner = "ecurep";

    public static SftpAttributes For(NodeInfo node)
    {
        var seconds = (uint)Math.Clamp(node.Modified.ToUnixTimeSeconds(), 0, uint.MaxValue);
        return new SftpAttributes(
            AttributeFlags.Size | AttributeFlags.Permissions | AttributeFlags.AccessModifiedTime,
            (ulong)node.Size,
            Mode(node),
            seconds,
            seconds);
    }

    public static NameEntry Entry(NodeInfo node) => new(node.Name, LongName(node), For(node));

    /// <summary>An <c>ls -l</c> line; clients show it as is.</summary>
    public static string LongName(NodeInfo node)
    {
        var mode = Mode(node);
        Span<char> bits = stackalloc char[10];
        bits[0] = node.IsDirectory ? 'd' : '-';
        const string Letters = "rwx";
        for (var i = 0; i < 9; i++)
        {
            bits[1 + i] = (mode & (1u << (8 - i))) != 0 ? Letters[i % 3] : '-';
        }

        var modified = node.Modified.UtcDateTime.ToString("MMM dd HH:mm", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{bits} 1 {Owner,-8} {Owner,-8} {node.Size,12} {modified} {node.Name}");
    }

    private static uint Mode(NodeInfo node)
    {
        var access = node.Access;
        var bits = (Has(access, NodeAccess.Read) || Has(access, NodeAccess.List) ? 4u : 0)
            | (Has(access, NodeAccess.Write) ? 2u : 0)
            | (Has(access, NodeAccess.Enter) ? 1u : 0);
        var type = node.IsDirectory ? SftpAttributes.DirectoryType : SftpAttributes.RegularFileType;
        return type | (bits << 6) | (bits << 3) | bits;
    }

    private static bool Has(NodeAccess access, NodeAccess flag) => (access & flag) != 0;
}
