using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EcurepServer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Receipts;

/// <summary>
/// An append-only file of JSON lines, each flushed to disk (with the file's directory entry when the append created
/// it) before the append returns. A line cut short by a
/// crash is skipped when reading and never glued to the next one.
/// </summary>
internal sealed partial class JsonLinesFile<T> : IDisposable
    where T : class
{
    private const byte NewLine = (byte)'\n';

    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public JsonLinesFile(string filePath, JsonTypeInfo<T> typeInfo, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        FilePath = Path.GetFullPath(filePath);
        _typeInfo = typeInfo;
        _logger = logger;
    }

    public string FilePath { get; }

    public async ValueTask AppendAsync(T item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var line = JsonSerializer.SerializeToUtf8Bytes(item, _typeInfo);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var directory = Path.GetDirectoryName(FilePath)!;
            Directory.CreateDirectory(directory);
            var created = !File.Exists(FilePath);
            await using var stream = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.Asynchronous);
            if (stream.Length > 0 && !await EndsWithNewLineAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                await stream.WriteAsync(new[] { NewLine }, cancellationToken).ConfigureAwait(false);
            }

            stream.Seek(0, SeekOrigin.End);
            await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(new[] { NewLine }, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            if (created)
            {
                // A new file is on disk only once its directory entry is.
                DirectorySync.Flush(directory);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            yield break;
        }

        using var reader = new StreamReader(new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous));
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var item = Parse(line);
            if (item is null)
            {
                LogUnreadableLine(_logger, FilePath, lineNumber);
                continue;
            }

            yield return item;
        }
    }

    public void Dispose() => _gate.Dispose();

    private static async ValueTask<bool> EndsWithNewLineAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var last = new byte[1];
        stream.Seek(-1, SeekOrigin.End);
        var read = await stream.ReadAsync(last, cancellationToken).ConfigureAwait(false);
        return read == 1 && last[0] == NewLine;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable line {LineNumber} of {File} (cut short by a crash?)")]
    private static partial void LogUnreadableLine(ILogger logger, string file, int lineNumber);

    private T? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, _typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
