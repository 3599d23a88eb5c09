using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handles;

/// <summary>
/// The session's open handles. A handle is 4 bytes on the wire, numbered upwards and never reused within a
/// session, so a stale handle can never reach another file.
/// </summary>
internal sealed class HandleTable
{
    private readonly Dictionary<uint, SftpHandle> _handles = [];
    private uint _last;

    public int Count => _handles.Count;

    public IEnumerable<SftpHandle> All => _handles.Values;

    public uint Add(SftpHandle handle)
    {
        do
        {
            _last++;
        }
        while (_last == PayloadReader.NoHandle || _handles.ContainsKey(_last));

        _handles.Add(_last, handle);
        return _last;
    }

    public T? Find<T>(uint id)
        where T : SftpHandle => _handles.GetValueOrDefault(id) as T;

    public SftpHandle? Remove(uint id) => _handles.Remove(id, out var handle) ? handle : null;

    public async ValueTask DisposeAllAsync()
    {
        foreach (var handle in _handles.Values)
        {
            await handle.DisposeAsync().ConfigureAwait(false);
        }

        _handles.Clear();
    }
}
