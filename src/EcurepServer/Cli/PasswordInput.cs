namespace EcurepServer.Cli;

internal static class PasswordInput
{
    /// <summary>The first line of standard input, so "echo pw | EcurepServer users add ID --password-stdin" works; null when there is none.</summary>
    public static async Task<string?> ReadAsync(TextReader input)
    {
        var line = await input.ReadLineAsync();
        return string.IsNullOrEmpty(line) ? null : line;
    }
}
