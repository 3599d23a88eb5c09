using EcurepServer.Settings;

namespace EcurepServer.Cli;

/// <summary>How configuration problems and unknown keys are shown on the console: one line each, no stack trace.</summary>
internal static class ConfigurationReport
{
    public static async Task WriteAsync(TextWriter error, IEnumerable<UnknownConfigurationKey> unknownKeys, IEnumerable<string> problems)
    {
        foreach (var unknown in unknownKeys)
        {
            await error.WriteLineAsync($"Warning: {unknown}");
        }

        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"Configuration error: {problem}");
        }
    }
}
