using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EcurepServer.TestSupport;

/// <summary>Runs real clients and CLI verbs as child processes; a process that overruns its time is killed with its children.</summary>
public static class ExternalProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>How to start <paramref name="fileName"/>: output and error read by the test, in the test's directory unless given.</summary>
    public static ProcessStartInfo StartInfo(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
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

        return info;
    }

    /// <summary>Starts a process the test watches while it runs (and disposes); its input is open when <paramref name="redirectInput"/>.</summary>
    public static Process Start(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, bool redirectInput = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = StartInfo(fileName, arguments, workingDirectory, environment);
        info.RedirectStandardInput = redirectInput;
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    public static Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        string? input = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(StartInfo(fileName, arguments, workingDirectory, environment), input, timeout);

    /// <summary>
    /// Runs <paramref name="start"/> to its end: <paramref name="input"/> (if any) is written to its standard input,
    /// which is then closed, so a client never waits for a terminal.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, string? input = null, TimeSpan? timeout = null)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var limit = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {limit}.\n{await output}\n{await error}");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Sends SIGTERM, the signal a service manager stops the server with.</summary>
    public static async Task TerminateAsync(Process process)
    {
        var result = await RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
