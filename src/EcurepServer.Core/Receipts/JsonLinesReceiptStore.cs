using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Core.Receipts;

/// <summary>
/// Receipts as JSON lines, one per delivery, appended and flushed to disk before the delivery is reported.
/// A line cut short by a crash is skipped when reading and never glued to the next receipt.
/// </summary>
public sealed partial class JsonLinesReceiptStore : IReceiptStore, IDisposable
{
    private const byte NewLine = (byte)'\n';

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;

    public JsonLinesReceiptStore(string filePath, ILogger<JsonLinesReceiptStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        FilePath = Path.GetFullPath(filePath);
        _logger = logger ?? NullLogger<JsonLinesReceiptStore>.Instance;
    }

    public string FilePath { get; }

    public async ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var line = JsonSerializer.SerializeToUtf8Bytes(receipt, ReceiptsJsonContext.Default.Receipt);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
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
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<Receipt> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
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

            var receipt = Parse(line);
            if (receipt is null)
            {
                LogUnreadableLine(_logger, FilePath, lineNumber);
                continue;
            }

            yield return receipt;
        }
    }

    public void Dispose() => _gate.Dispose();

    private static Receipt? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, ReceiptsJsonContext.Default.Receipt);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async ValueTask<bool> EndsWithNewLineAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var last = new byte[1];
        stream.Seek(-1, SeekOrigin.End);
        var read = await stream.ReadAsync(last, cancellationToken).ConfigureAwait(false);
        return read == 1 && last[0] == NewLine;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable line {LineNumber} of {ReceiptsFile} (cut short by a crash?)")]
    private static partial void LogUnreadableLine(ILogger logger, string receiptsFile, int lineNumber);
}
