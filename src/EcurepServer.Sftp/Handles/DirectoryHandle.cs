using EcurepServer.Core.Tree;

namespace EcurepServer.Sftp.Handles;

/// <summary>A directory listing taken from Core at OPENDIR and handed out in READDIR batches.</summary>
internal sealed class DirectoryHandle(VirtualPath path, IReadOnlyList<NodeInfo> entries) : SftpHandle
{
    private int _next;

    public override VirtualPath Path => path;

    /// <summary>The next entries, at most <paramref name="max"/>; empty once all were given.</summary>
    public IReadOnlyList<NodeInfo> Next(int max)
    {
        var count = Math.Min(max, entries.Count - _next);
        var batch = new NodeInfo[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = entries[_next + i];
        }

        _next += count;
        return batch;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
