using EcurepServer.Sftp.Tests.Support;
using Microsoft.Extensions.Logging;
using static EcurepServer.Sftp.Tests.Support.SftpTestClient;

namespace EcurepServer.Sftp.Tests;

/// <summary>
/// Random requests (fixed seeds, so a failure replays) with plausible and implausible fields: each gets exactly one
/// reply with its own id, nothing fails inside the server, and nothing lands outside an upload's place in toibm.
/// </summary>
public sealed class RandomRequestTests : IAsyncLifetime
{
    private static readonly byte[] Types = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 200, 201, 99];

    private static readonly string[] Paths =
        ["/toibm/aix/r.bin", "toibm/aix/r2.bin", "/", "/toibm", "/toibm/aix", "/fromibm", "..", "/toibm/aix/../../etc/passwd", "/toibm/nosuch/x", "", "/toibm/aix/r.bin.filepart", "limits@openssh.com", "fsync@openssh.com", "posix-rename@openssh.com", "statvfs@openssh.com"];

    private readonly SftpFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _fixture.DisposeAsync().AsTask();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Every_random_request_gets_one_reply_with_its_id_and_nothing_lands_outside_toibm(int seed)
    {
        var random = new Random(seed);
        var client = await _fixture.StartInitializedAsync(options: new SftpOptions { MaxWriteOffset = 1_000_000 });
        var handles = new List<byte[]> { await client.OpenHandleAsync("/toibm/aix/open.bin", Write | Create | Truncate), new byte[] { 0, 0, 0, 9 } };

        for (var i = 0; i < 200; i++)
        {
            var id = await client.SendAsync(Types[random.Next(Types.Length)], p => RandomFields(random, p, handles));
            var reply = await client.ReceiveAsync();

            Assert.Equal(id, reply.ReadUInt32());
            if (reply.Type == Reply.Handle)
            {
                handles.Add(reply.ReadBytes());
            }
        }

        await client.EndAsync();
        Assert.DoesNotContain(_fixture.Logger.Entries, e => e.Level >= LogLevel.Error);
        Assert.All(
            Directory.EnumerateFiles(_fixture.DataDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }),
            file => Assert.True(
                Path.GetRelativePath(_fixture.DataDirectory, file).StartsWith(Path.Combine("uploads", "toibm"), StringComparison.Ordinal) || file.EndsWith(".jsonl", StringComparison.Ordinal),
                file));
    }

    private static PacketBuilder RandomFields(Random random, PacketBuilder builder, List<byte[]> handles)
    {
        var fields = random.Next(0, 6);
        for (var f = 0; f < fields; f++)
        {
            switch (random.Next(6))
            {
                case 0:
                    builder.String(Paths[random.Next(Paths.Length)]);
                    break;
                case 1:
                    builder.String(handles[random.Next(handles.Count)]);
                    break;
                case 2:
                    builder.UInt32(random.Next(2) == 0 ? (uint)random.Next(0, 64) : (uint)random.NextInt64(0, uint.MaxValue));
                    break;
                case 3:
                    builder.UInt64(random.Next(2) == 0 ? (ulong)random.Next(0, 4096) : (ulong)random.NextInt64());
                    break;
                case 4:
                    var data = new byte[random.Next(0, 2048)];
                    random.NextBytes(data);
                    builder.String(data);
                    break;
                default:
                    builder.Attrs(size: random.Next(2) == 0 ? (ulong)random.Next(0, 100) : null, permissions: random.Next(2) == 0 ? 0x1FFu : null);
                    break;
            }
        }

        return builder;
    }
}
