using System.Globalization;
using System.Text;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Client text with line breaks, terminal escapes and bidirectional overrides reaches the console log and
/// "uploads list" escaped: no forged line, no raw escape sequence, no reordered name.
/// </summary>
public sealed class LogInjectionTests : ServerTestBase
{
    private const string Forged = "[12:00:00 INF] forged";

    [Fact]
    public async Task An_ssh_user_name_and_an_exec_command_are_escaped_on_the_console()
    {
        var endPoint = await Server.ListeningEndPointAsync("Europe", "sftp");
        var user = $"evil\n{Forged} user\u001b[31m";
        var command = $"ls\r\n{Forged} exec\u001b]0;title\u0007";

        var result = await ExternalProcess.RunAsync(
            "/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Clients", "paramiko_hostile_text.py"), endPoint.Address.ToString(),
                endPoint.Port.ToString(CultureInfo.InvariantCulture), user, command],
            Server.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("exec exit status 1", result.Output, StringComparison.Ordinal);
        await Server.WaitForLogAsync(@"Authentication failed for evil\\n\[12:00:00 INF\] forged user\\u001B\[31m with password");
        await Server.WaitForLogAsync(@"\(command: ls\\r\\n\[12:00:00 INF\] forged exec\\u001B\]0;title\\u0007\)");
        AssertNothingRaw(Server.Log);
    }

    [Fact]
    public async Task A_file_name_with_a_bidirectional_override_is_escaped_on_the_console_and_in_uploads_list()
    {
        // Shown raw, U+202E makes "TS012345678_\u202Egpj.exe" read as "TS012345678_exe.jpg".
        const string name = "TS012345678_\u202Egpj.exe";
        await using (var client = await FtpTestClient.ConnectAsync(Server.ControlEndPoint))
        {
            await client.SecureLoginAsync("anonymous", "tester@example.com");
            var (_, final) = await DataTransfers.UploadAsync(
                client, await client.PassiveAsync(), $"STOR toibm/aix/{name}", Encoding.ASCII.GetBytes("not a picture\n"), protect: true);

            Assert.Equal(226, final.Code);
        }

        Assert.True(File.Exists(Server.DeliveredFile("aix", name)));
        await Server.WaitForLogAsync(@"Delivered /toibm/aix/TS012345678_\\u202Egpj\.exe ");
        var list = await Server.CliAsync(null, "uploads", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(@"/toibm/aix/TS012345678_\u202Egpj.exe", list.Output, StringComparison.Ordinal);
        AssertNothingRaw(list.Output);
        AssertNothingRaw(Server.Log);
    }

    /// <summary>No line of its own starts with the forged text, and no escape, bell, carriage return or bidi control is left raw.</summary>
    private static void AssertNothingRaw(string output)
    {
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith(Forged, StringComparison.Ordinal));
        Assert.DoesNotContain(output, c => c is '\u001b' or '\u0007' or '\r' or '\u202E' or '\u2066');
    }
}
