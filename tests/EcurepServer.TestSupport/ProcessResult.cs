namespace EcurepServer.TestSupport;

/// <summary>What a finished external process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output, then standard error: for clients (curl -v, openssl) whose lines a test looks for in either.</summary>
    public string AllOutput => Output + Error;

    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
