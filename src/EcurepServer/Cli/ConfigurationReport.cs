using EcurepServer.Hosting;
using EcurepServer.Settings;

namespace EcurepServer.Cli;

/// <summary>How configuration problems, renamed and unknown keys are shown on the console: one line each, no stack trace.</summary>
internal static class ConfigurationReport
{
    public static async Task WriteAsync(TextWriter error, StartupCheck check)
    {
        foreach (var renamed in check.RenamedKeys)
        {
            await error.WriteLineAsync($"Warning: {renamed}");
        }

        foreach (var unknown in check.UnknownKeys)
        {
            await error.WriteLineAsync($"Warning: {unknown}");
        }

        await WriteAsync(error, check.Problems);
    }

    public static async Task WriteAsync(TextWriter error, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"Configuration error: {problem}");
        }
    }
}
