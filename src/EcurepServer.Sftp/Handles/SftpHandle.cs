using EcurepServer.Core.Tree;

namespace EcurepServer.Sftp.Handles;

/// <summary>What an SFTP handle refers to: an upload, a file being read or a directory being listed.</summary>
internal abstract class SftpHandle : IAsyncDisposable
{
    public abstract VirtualPath Path { get; }

    public abstract ValueTask DisposeAsync();
}
