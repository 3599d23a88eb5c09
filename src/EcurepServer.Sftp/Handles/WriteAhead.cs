using System.Buffers;

namespace EcurepServer.Sftp.Handles;

/// <summary>
/// Writes that arrived before the data in front of them, copied into pooled buffers and keyed by offset until
/// the upload reaches them. Chunks never overlap.
/// </summary>
internal sealed class WriteAhead(WriteAheadBudget budget)
{
    private readonly SortedList<long, Chunk> _chunks = [];

    public int MaxBytes => budget.MaxBytes;

    public long ServerMaxBytes => budget.ServerMaxBytes;

    public bool IsEmpty => _chunks.Count == 0;

    public long FirstOffset => _chunks.Keys[0];

    /// <summary>Where the last held chunk ends; 0 when none is held.</summary>
    public long End => IsEmpty ? 0 : _chunks.Keys[^1] + _chunks.Values[^1].Length;

    public bool Overlaps(long offset, long length)
    {
        var keys = _chunks.Keys;
        var lo = 0;
        var hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        // lo is the first chunk at or after offset; the one before it may reach into the new data.
        var overlapsNext = lo < keys.Count && keys[lo] < offset + length;
        var overlapsPrevious = lo > 0 && keys[lo - 1] + _chunks.Values[lo - 1].Length > offset;
        return overlapsNext || overlapsPrevious;
    }

    /// <summary>Copies the data aside, when the session's and the server's budgets have room for it.</summary>
    public WriteAheadRoom TryHold(long offset, ReadOnlySequence<byte> data)
    {
        var length = (int)data.Length;
        var room = budget.TryReserve(length);
        if (room != WriteAheadRoom.Reserved)
        {
            return room;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        data.CopyTo(buffer);
        _chunks.Add(offset, new Chunk(buffer, length));
        return WriteAheadRoom.Reserved;
    }

    public bool TryTake(long offset, out Chunk chunk)
    {
        if (_chunks.Count > 0 && _chunks.Keys[0] == offset)
        {
            chunk = _chunks.Values[0];
            _chunks.RemoveAt(0);
            return true;
        }

        chunk = default;
        return false;
    }

    public void Return(Chunk chunk)
    {
        budget.Release(chunk.Length);
        ArrayPool<byte>.Shared.Return(chunk.Buffer);
    }

    public void Clear()
    {
        foreach (var chunk in _chunks.Values)
        {
            Return(chunk);
        }

        _chunks.Clear();
    }

    internal readonly record struct Chunk(byte[] Buffer, int Length)
    {
        public ReadOnlyMemory<byte> Data => Buffer.AsMemory(0, Length);
    }
}
