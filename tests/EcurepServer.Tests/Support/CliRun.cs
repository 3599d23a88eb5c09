using EcurepServer.Cli;

namespace EcurepServer.Tests.Support;

/// <summary>Runs the CLI in-process against a workspace, with the given standard input.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeWithInputAsync(TempWorkspace workspace, string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(workspace.Root, new StringReader(input), output, error);
        var exitCode = await EcurepCli.InvokeAsync(args, context);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliRun> InvokeAsync(TempWorkspace workspace, params string[] args) => InvokeWithInputAsync(workspace, string.Empty, args);
}
