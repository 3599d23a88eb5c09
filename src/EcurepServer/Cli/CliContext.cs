namespace EcurepServer.Cli;

/// <summary>The process surroundings a command runs in; tests substitute a temp folder and string readers and writers.</summary>
public sealed record CliContext(string WorkingDirectory, TextReader Input, TextWriter Output, TextWriter Error)
{
    public static CliContext FromProcess() => new(Directory.GetCurrentDirectory(), Console.In, Console.Out, Console.Error);
}
