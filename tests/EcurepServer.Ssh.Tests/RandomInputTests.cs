using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Tests;

/// <summary>
/// Random messages (fixed seeds, so a failure replays) thrown at the authentication and connection layers: whatever
/// arrives, the connection ends in an answer or a DISCONNECT with a reason, never in an unexpected exception.
/// </summary>
public sealed class RandomInputTests
{
    /// <summary>Message numbers worth hitting: every one the layers know, their neighbours, and some unknown ones.</summary>
    private static readonly byte[] Types = [1, 2, 3, 4, 5, 6, 7, 20, 21, 30, 31, 50, 51, 52, 60, 61, 79, 80, 81, 82, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 127, 128, 192, 255];

    private static readonly string[] Words = ["session", "subsystem", "echo", "exec", "shell", "password", "none", "publickey", "keyboard-interactive", "ssh-connection", "ssh-userauth", "alice", "s3cret", "pty-req", "env", "keepalive@openssh.com", "ssh-ed25519", "direct-tcpip", ""];

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    public async Task Random_messages_end_in_answers_or_a_disconnect_never_in_an_unexpected_exception(int seed, bool logInFirst)
    {
        var random = new Random(seed);
        await using var harness = new ConnectionHarness(subsystems: new() { ["echo"] = new EchoSubsystem() });
        if (logInFirst)
        {
            await harness.LogInAsync();
            await harness.OpenSessionAsync(0);
        }

        for (var i = 0; i < 300 && !harness.Transport.Disconnected.IsCompleted; i++)
        {
            harness.Send(w => RandomMessage(random, w));
        }

        harness.Transport.Close();
        await harness.Run.WaitAsync(ConnectionHarness.ReplyTimeout);
        Assert.DoesNotContain(harness.Logger.Entries, e => e.Level >= LogLevel.Error);
    }

    /// <summary>A message number, then fields the layers parse (numbers, names, booleans, blobs) in random order and count.</summary>
    private static void RandomMessage(Random random, SshWriter writer)
    {
        writer.Byte(Types[random.Next(Types.Length)]);
        var fields = random.Next(0, 7);
        for (var f = 0; f < fields; f++)
        {
            switch (random.Next(5))
            {
                case 0:
                    // Small numbers half the time, so channel messages name the open channel.
                    writer.UInt32(random.Next(2) == 0 ? (uint)random.Next(0, 4) : (uint)random.NextInt64(0, uint.MaxValue));
                    break;
                case 1:
                    writer.Utf8(Words[random.Next(Words.Length)]);
                    break;
                case 2:
                    writer.Boolean(random.Next(2) == 0);
                    break;
                case 3:
                    var blob = new byte[random.Next(0, 64)];
                    random.NextBytes(blob);
                    writer.Binary(blob);
                    break;
                default:
                    writer.Byte((byte)random.Next(256));
                    break;
            }
        }
    }
}
