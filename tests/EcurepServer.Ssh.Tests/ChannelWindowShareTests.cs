using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>
/// The window attack: one address holds every channel the server grants it while a client from another address
/// uploads. The attacker binds 127.0.0.2, which Linux routes over loopback like 127.0.0.1.
/// </summary>
public sealed partial class ChannelWindowShareTests
{
    private static readonly string HogScript = Path.Combine(AppContext.BaseDirectory, "Clients", "paramiko_window_hog.py");

    [Fact]
    public async Task An_address_holding_all_the_channels_it_can_leaves_window_for_a_client_from_another_address()
    {
        // Without the per-address share, the attacker's 10 connections x 10 channels would take every window the
        // server has (one channel more than one address may hold), and the upload would be refused as busy.
        // Each channel opens with the largest window, as a channel grown by a fast transfer holds it.
        var options = new SshServerOptions();
        options.ChannelInitialWindowSize = options.ChannelWindowSize;
        options.TotalChannelWindowBytes = options.MaxChannelWindowBytesPerAddress + options.ChannelWindowSize;
        await using var harness = await ServerHarness.StartAsync(options);
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        var source = Path.Combine(harness.WorkDirectory, "upload.bin");
        await File.WriteAllBytesAsync(source, new byte[1024 * 1024]);

        using var hog = StartHog(harness, options.MaxSessionsPerAddress, options.MaxChannelsPerSession);
        try
        {
            var holding = await ReadHoldingAsync(hog);
            var batch = Path.Combine(harness.WorkDirectory, "batch");
            await File.WriteAllTextAsync(batch, $"put {source} uploaded.bin\n");
            var result = await ExternalProcess.RunAsync(
                "sftp",
                ["-b", batch, "-F", "/dev/null", "-P", harness.Port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", $"{ServerHarness.User}@127.0.0.1"],
                timeout: TimeSpan.FromMinutes(2));

            Assert.True(result.ExitCode == 0, result.Error + string.Join('\n', harness.Logger.Lines));
            Assert.Equal(1024 * 1024, new FileInfo(Path.Combine(harness.SftpRoot, "uploaded.bin")).Length);
            Assert.Equal(options.MaxChannelWindowBytesPerAddress / options.ChannelWindowSize, holding);
            Assert.Contains(harness.Logger.Lines, line => line.Contains("from 127.0.0.2", StringComparison.Ordinal) && line.Contains("MaxChannelWindowBytesPerAddress", StringComparison.Ordinal));
            Assert.Contains(harness.Logger.Lines, line => line.Contains("MaxChannelWindowBytesPerConnection", StringComparison.Ordinal));
        }
        finally
        {
            hog.StandardInput.Close();
            if (!hog.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                hog.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartHog(ServerHarness harness, int connections, int channels) =>
        ExternalProcess.Start(
            "/usr/bin/python3",
            [
                HogScript, harness.Port, ServerHarness.User, ServerHarness.Password,
                connections.ToString(CultureInfo.InvariantCulture), channels.ToString(CultureInfo.InvariantCulture), "127.0.0.2",
            ],
            redirectInput: true);

    private static async Task<long> ReadHoldingAsync(Process hog)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await hog.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Holding().Match(line) is { Success: true } match)
            {
                return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("the attacker ended before holding its channels: " + await hog.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"^holding (\d+) channels$")]
    private static partial Regex Holding();
}
