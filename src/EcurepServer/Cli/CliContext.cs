namespace EcurepServer.Cli;

/// <summary>
/// The process surroundings a command runs in; tests substitute a temp folder and string readers and writers.
/// <see cref="WorkingDirectory"/> is the root every relative path of the configuration resolves against;
/// <see cref="CurrentDirectory"/> is where file names given on the command line are looked up.
/// </summary>
public sealed record CliContext(string WorkingDirectory, TextReader Input, TextWriter Output, TextWriter Error)
{
    /// <summary>The environment variable that sets the root directory when --root is not given.</summary>
    public const string RootVariable = "ECUREP_ROOT";

    public string CurrentDirectory { get; init; } = WorkingDirectory;

    /// <summary>Standard output as bytes, for output written as UTF-8 (null: written to <see cref="Output"/>).</summary>
    public Stream? OutputBytes { get; init; }

    /// <summary>The value of <see cref="RootVariable"/>, if set.</summary>
    public string? RootFromEnvironment { get; init; }

    public static CliContext FromProcess() =>
        new(Directory.GetCurrentDirectory(), Console.In, Console.Out, Console.Error)
        {
            RootFromEnvironment = Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root ? root : null,
            OutputBytes = Console.OpenStandardOutput(),
        };
}
