namespace EcurepServer.Core.Tree;

public enum NodeKind
{
    Directory,
    File,
}

/// <summary>What a principal may do with a node; the protocols map these onto their permission bits and replies.</summary>
[Flags]
public enum NodeAccess
{
    None = 0,
    List = 1,
    Read = 2,
    Write = 4,
    Enter = 8,
}

public sealed record NodeInfo(VirtualPath Path, NodeKind Kind, NodeAccess Access, long Size, DateTimeOffset Modified)
{
    public string Name => Path.Name;

    public bool IsDirectory => Kind == NodeKind.Directory;
}

/// <summary>The result of entering a directory: the node and the notice lines to show (e.g. the toibm README hint).</summary>
public sealed record DirectoryEntry(NodeInfo Node, IReadOnlyList<string> Notice);
