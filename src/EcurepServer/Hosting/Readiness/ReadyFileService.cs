using System.Text.Json;
using EcurepServer.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting.Readiness;

/// <summary>
/// Writes the ready file (EcurepServer:ReadyFile, --ready-file) once every hosted service has started, so every
/// enabled listener accepts by then, and removes it as soon as the server begins to stop. The file appears whole or
/// not at all: it is written beside its final name and renamed.
/// </summary>
public sealed partial class ReadyFileService(AppPaths paths, ServerFacts facts, SiteListeners listeners, ILogger<ReadyFileService> logger) : IHostedLifecycleService
{
    private bool _written;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (paths.ReadyFile is not { Length: > 0 } path)
        {
            return;
        }

        if (listeners.NotAccepting() is { } reason)
        {
            throw new InvalidOperationException($"{EcurepServerOptions.SectionName}:ReadyFile: not written, {reason}");
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(facts.Describe(), ReadyJsonContext.Default.ReadyDocument);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(json, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new InvalidOperationException($"{EcurepServerOptions.SectionName}:ReadyFile: cannot write {path}: {exception.Message}", exception);
        }

        _written = true;
        LogWritten(logger, path);
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_written)
        {
            TryDelete(paths.ReadyFile);
            _written = false;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => StoppingAsync(cancellationToken);

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(logger, path, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready; wrote the ready file {Path}")]
    private static partial void LogWritten(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot remove the ready file {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, string path, Exception exception);
}
