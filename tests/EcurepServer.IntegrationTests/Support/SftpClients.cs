using System.Globalization;
using System.Net;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// Runs OpenSSH's sftp and scp, curl and paramiko against a server's SFTP listener, logging in by password; each
/// through <paramref name="runIn"/> (a command prefix such as <see cref="ServerProcess.InServerNetwork"/>) when given.
/// </summary>
public sealed class SftpClients(IPEndPoint endPoint, string workingDirectory, IReadOnlyList<string>? runIn = null)
{
    private static readonly string[] NoHostKeyCheck =
        ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"];

    private string Host => endPoint.Address.ToString();

    /// <summary>The host as a destination or URL names it: an IPv6 address in brackets, since its colons would read as a path or port.</summary>
    private string Destination => endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Host}]" : Host;

    private string Port => endPoint.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>OpenSSH sftp in batch mode; a command prefixed with '-' may fail without ending the batch.</summary>
    public Task<ProcessResult> SftpAsync(string user, string password, params string[] commands) =>
        OpenSshAsync("sftp", password, [.. NoHostKeyCheck, "-o", "BatchMode=no", "-P", Port, "-b", "-", $"{user}@{Destination}"], string.Join('\n', commands) + "\n");

    /// <summary>OpenSSH sftp in batch mode with options of its own, such as <c>-c chacha20-poly1305@openssh.com</c>.</summary>
    public Task<ProcessResult> SftpWithOptionsAsync(IReadOnlyList<string> options, string user, string password, params string[] commands) =>
        OpenSshAsync("sftp", password, [.. NoHostKeyCheck, .. options, "-o", "BatchMode=no", "-P", Port, "-b", "-", $"{user}@{Destination}"], string.Join('\n', commands) + "\n");

    /// <summary>
    /// OpenSSH sftp in batch mode at its default log level, which shows the server's banner on standard error, with no
    /// config file and no keys; also gives the prompts the password was asked with (which name <paramref name="hostKeyAlias"/>
    /// for the host when given).
    /// </summary>
    public async Task<(ProcessResult Result, string[] Prompts)> SftpShowingBannerAsync(string user, string password, string? hostKeyAlias, params string[] commands)
    {
        var prompts = Path.Combine(workingDirectory, $"prompts-{Guid.NewGuid():N}");
        string[] alias = hostKeyAlias is null ? [] : ["-o", "HostKeyAlias=" + hostKeyAlias];
        var result = await RunAsync(
            "sftp",
            ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", .. alias, "-o", "BatchMode=no",
                "-o", "PubkeyAuthentication=no", "-P", Port, "-b", "-", $"{user}@{Destination}"],
            string.Join('\n', commands) + "\n",
            AskPass(password, prompts));
        return (result, File.Exists(prompts) ? await File.ReadAllLinesAsync(prompts) : []);
    }

    public Task<ProcessResult> ScpAsync(string user, string password, string source, string remotePath, bool legacyProtocol = false) =>
        OpenSshAsync("scp", password, [.. NoHostKeyCheck, .. legacyProtocol ? new[] { "-O" } : [], "-P", Port, source, $"{user}@{Destination}:{remotePath}"], null);

    public Task<ProcessResult> CurlAsync(string user, string password, string source, string remotePath) =>
        RunAsync(
            "curl",
            ["-sS", "-k", "--max-time", "120", "-u", $"{user}:{password}", "-T", source, $"sftp://{Destination}:{Port}/{remotePath}"]);

    /// <summary>paramiko is Debian's package, importable only by the system interpreter.</summary>
    public Task<ProcessResult> ParamikoAsync(string user, string password, string source, string remotePath) =>
        RunAsync(
            "/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Clients", "paramiko_upload.py"), Host, Port, user, password, source, remotePath]);

    /// <summary>Starts sftp without waiting, so a test can kill it mid-upload.</summary>
    public System.Diagnostics.Process StartSftp(string user, string password, int limitKbitPerSecond, params string[] commands)
    {
        var (program, arguments) = Command(
            "sftp",
            [.. NoHostKeyCheck, "-o", "BatchMode=no", "-l", limitKbitPerSecond.ToString(CultureInfo.InvariantCulture), "-P", Port, "-b", "-", $"{user}@{Destination}"]);
        var process = ExternalProcess.Start(
            program,
            arguments,
            workingDirectory,
            redirectInput: true,
            environment: AskPass(password));
        process.StandardInput.Write(string.Join('\n', commands) + "\n");
        process.StandardInput.Close();
        return process;
    }

    private Task<ProcessResult> OpenSshAsync(string program, string password, string[] arguments, string? input) =>
        RunAsync(program, arguments, input ?? "", AskPass(password));

    private Task<ProcessResult> RunAsync(string program, string[] arguments, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (file, all) = Command(program, arguments);
        return ExternalProcess.RunAsync(file, all, workingDirectory, input, TimeSpan.FromSeconds(150), environment);
    }

    private (string Program, string[] Arguments) Command(string program, string[] arguments) =>
        runIn is null ? (program, arguments) : (runIn[0], [.. runIn.Skip(1), program, .. arguments]);

    /// <summary>OpenSSH reads a password only from a terminal or an askpass program; SSH_ASKPASS_REQUIRE=force picks the latter.</summary>
    private Dictionary<string, string> AskPass(string password, string? promptsFile = null)
    {
        var script = Path.Combine(workingDirectory, $"askpass-{Guid.NewGuid():N}.sh");
        var recordPrompt = promptsFile is null ? "" : $"printf '%s\\n' \"$1\" >> '{promptsFile}'\n";
        File.WriteAllText(script, $"#!/bin/sh\n{recordPrompt}printf '%s\\n' '{password.Replace("'", "'\\''", StringComparison.Ordinal)}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new Dictionary<string, string> { ["SSH_ASKPASS"] = script, ["SSH_ASKPASS_REQUIRE"] = "force", ["DISPLAY"] = "none" };
    }
}
