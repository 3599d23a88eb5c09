using System.Diagnostics;
using System.Text;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>What a finished external process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs real clients and CLI verbs as child processes; a process that overruns its time is killed with its children.</summary>
public static class ExternalProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static Process Start(
        string fileName, IEnumerable<string> arguments, string workingDirectory, bool redirectInput = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        string? input = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(fileName, arguments, workingDirectory, redirectInput: input is not null, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time.\n{await output}\n{await error}");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Sends SIGTERM, the signal a service manager stops the server with.</summary>
    public static async Task TerminateAsync(Process process)
    {
        var result = await RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Environment.CurrentDirectory);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
