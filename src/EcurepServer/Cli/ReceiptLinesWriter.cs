using System.Buffers;
using System.Text;
using System.Text.Json;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Cli;

/// <summary>
/// "uploads list --json": each receipt as one JSON line, written as UTF-8 straight from the receipt with a
/// <see cref="Utf8JsonWriter"/> into one reused buffer and passed on whenever it holds <see cref="ChunkBytes"/>, so
/// listing every receipt keeps none of them in memory and makes no string per line.
/// </summary>
internal sealed class ReceiptLinesWriter : IBufferWriter<byte>, IDisposable
{
    public const int ChunkBytes = 64 * 1024;

    private readonly Stream? _bytes;
    private readonly TextWriter _text;
    private readonly Utf8JsonWriter _json;
    private byte[] _buffer = new byte[ChunkBytes * 2];
    private int _length;

    /// <param name="bytes">Standard output as bytes, when the process has one; otherwise lines go to <paramref name="text"/>.</param>
    public ReceiptLinesWriter(Stream? bytes, TextWriter text)
    {
        _bytes = bytes;
        _text = text;
        _json = new Utf8JsonWriter(this, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The receipt as stored, with its route filled in for receipts older than routing, and when its file was deleted (null while kept).</summary>
    public async ValueTask WriteAsync(ReceiptEntry entry, CancellationToken cancellationToken)
    {
        _json.Reset();
        ReceiptJson.Write(_json, entry.Receipt with { Route = entry.Route });
        _json.Flush();

        // The object stays open for one more member: its closing brace is written after it.
        _length--;
        Append(",\"deletedUtc\":"u8);
        if (entry.Deletion is { } deletion)
        {
            _json.Reset();
            _json.WriteStringValue(deletion.DeletedUtc);
            _json.Flush();
        }
        else
        {
            Append("null"u8);
        }

        Append("}\n"u8);
        if (_length >= ChunkBytes)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_bytes is not null)
        {
            await _bytes.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            await _bytes.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _text.WriteAsync(Encoding.UTF8.GetString(_buffer, 0, _length).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        _length = 0;
    }

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_length);
    }

    public void Dispose() => _json.Dispose();

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Reserve(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 256);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
