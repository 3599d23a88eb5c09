using EcurepServer.Core.Tree;

namespace EcurepServer.Sftp.Handles;

/// <summary>A file Core lets this session read, e.g. /toibm/0-README.txt; Core's read streams can seek.</summary>
internal sealed class ReadHandle(VirtualPath path, Stream stream) : SftpHandle
{
    public override VirtualPath Path => path;

    /// <summary>Fills as much of <paramref name="buffer"/> as the file holds from <paramref name="offset"/>; 0 at the end.</summary>
    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (offset >= stream.Length)
        {
            return 0;
        }

        stream.Position = offset;
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public override ValueTask DisposeAsync() => stream.DisposeAsync();
}
