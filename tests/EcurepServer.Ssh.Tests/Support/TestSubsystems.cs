using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>Copies its input to its output until the input ends; exit status 0.</summary>
internal sealed class EchoSubsystem : ISshSubsystemHandler
{
    public SshSubsystemSession? LastSession { get; private set; }

    public async Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken)
    {
        LastSession = session;
        await session.Input.CopyToAsync(session.Output, cancellationToken);
        await session.Input.CompleteAsync();
        await session.Output.CompleteAsync();
        return 0;
    }
}

/// <summary>Notes what each read of its input gave it, until the input ends; exit status 0.</summary>
internal sealed class ReadRecordingSubsystem : ISshSubsystemHandler
{
    private readonly List<string> _reads = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Threading.Channels.Channel<int> _waiting = System.Threading.Channels.Channel.CreateUnbounded<int>();

    /// <summary>Completes when the program, after <paramref name="reads"/> reads, is about to wait for the next.</summary>
    public async Task WaitingAfterAsync(int reads)
    {
        while (await _waiting.Reader.ReadAsync() < reads)
        {
        }
    }

    /// <summary>The text of every read, once the input ended.</summary>
    public async Task<IReadOnlyList<string>> ReadsAsync()
    {
        await _ended.Task;
        return _reads;
    }

    public async Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            _waiting.Writer.TryWrite(_reads.Count);
            var result = await session.Input.ReadAsync(cancellationToken);
            if (!result.Buffer.IsEmpty)
            {
                _reads.Add(System.Text.Encoding.UTF8.GetString(result.Buffer.ToArray()));
            }

            session.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await session.Input.CompleteAsync();
        await session.Output.CompleteAsync();
        _ended.TrySetResult();
        return 0;
    }
}

/// <summary>Reads everything, counting and hashing it; reports each run's totals; exit status 0.</summary>
internal sealed class HashingSink : ISshSubsystemHandler
{
    private readonly TaskCompletionSource<(long Bytes, string Sha256)> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(long Bytes, string Sha256)> Finished => _finished.Task;

    public async Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        while (true)
        {
            var result = await session.Input.ReadAsync(cancellationToken);
            foreach (var segment in result.Buffer)
            {
                hash.AppendData(segment.Span);
            }

            total += result.Buffer.Length;
            session.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        _finished.TrySetResult((total, Convert.ToHexStringLower(hash.GetHashAndReset())));
        await session.Input.CompleteAsync();
        await session.Output.CompleteAsync();
        return 0;
    }
}

/// <summary>Never reads its input; writes <paramref name="greeting"/> if any, waits for cancellation, then reports that it saw it.</summary>
internal sealed class StalledSubsystem(byte[]? greeting = null) : ISshSubsystemHandler
{
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Cancelled => _cancelled.Task;

    public async Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken)
    {
        try
        {
            if (greeting is not null)
            {
                await session.Output.WriteAsync(greeting, cancellationToken);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            _cancelled.TrySetResult();
        }

        return 0;
    }
}

/// <summary>Writes a fixed text to its output and ends (exit status 3) without reading.</summary>
internal sealed class GreetingSubsystem(byte[] text) : ISshSubsystemHandler
{
    public async Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken)
    {
        await session.Output.WriteAsync(text, cancellationToken);
        await session.Output.CompleteAsync();
        return 3;
    }
}

/// <summary>Consumes nothing until <c>size</c> bytes are buffered (as SFTP waits for a whole message), then all of them.</summary>
internal sealed class WholeMessageSink(int size) : ISshSubsystemHandler
{
    private readonly TaskCompletionSource<long> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<long> Received => _received.Task;

    public async Task<int> RunAsync(SshSubsystemSession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await session.Input.ReadAsync(cancellationToken);
            if (result.Buffer.Length >= size || result.IsCompleted)
            {
                _received.TrySetResult(result.Buffer.Length);
                session.Input.AdvanceTo(result.Buffer.End);
                break;
            }

            session.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        await session.Input.CompleteAsync();
        await session.Output.CompleteAsync();
        return 0;
    }
}
