using System.Net;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>The engine on Core's real drop box: the replies clients get when a receipt cannot be written, and between accounts.</summary>
public sealed class CoreDropBoxTests : IAsyncLifetime
{
    private const string OtherUser = "E-WXYZ67890b";
    private const string OtherPassword = "other";

    private readonly CoreDropBox _core = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(dropBox: _core.DropBox);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _core.Dispose();
    }

    [Fact]
    public async Task A_receipt_that_cannot_be_written_gets_451_nothing_is_delivered_and_a_resume_delivers_it()
    {
        Directory.CreateDirectory(_core.ReceiptsFile);
        await using var client = await _server.ConnectAsync();
        await client.SecureLoginAsync();
        var content = DataTransfers.RandomBytes(100_000);

        var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/TS012345678_logs.zip", content, protect: true);

        Assert.Equal(["451 The server could not store /toibm/aix/TS012345678_logs.zip; please try again later."], final.Lines);
        Assert.Empty(_core.DeliveredFiles());
        Assert.Equal("213 100000", (await client.CommandAsync("SIZE /toibm/aix/TS012345678_logs.zip")).Lines[0]);

        Directory.Delete(_core.ReceiptsFile);
        var (_, resumed) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "APPE /toibm/aix/TS012345678_logs.zip", [], protect: true);

        Assert.Equal(226, resumed.Code);
        Assert.Equal(["E-ABCD12345f/TS012345678_logs.zip"], _core.DeliveredFiles());
        Assert.Equal(100_000, Assert.Single(await _core.ReadReceiptsAsync()).Size);
    }

    [Fact]
    public async Task Another_accounts_delivery_changes_no_reply_and_the_same_name_is_the_second_accounts_own_upload()
    {
        await using (var owner = await _server.ConnectAsync())
        {
            await owner.SecureLoginAsync();
            var (_, delivered) = await DataTransfers.UploadAsync(owner, await owner.ExtendedPassiveAsync(), "STOR /toibm/aix/TS012345678_taken.zip", [1, 2, 3], protect: true);
            Assert.Equal(226, delivered.Code);
        }

        await using var other = await _server.ConnectAsync();
        await other.SecureLoginAsync(OtherUser, OtherPassword);
        await other.CommandAsync("CWD /toibm/aix");

        Assert.Equal(await RepliesAsync(other, "TS012345678_never.zip"), (await RepliesAsync(other, "TS012345678_taken.zip")).Replace("taken", "never", StringComparison.Ordinal));

        var (opening, final) = await DataTransfers.UploadAsync(other, await other.ExtendedPassiveAsync(), "STOU TS012345678_taken.zip", [9], protect: true);
        Assert.Equal("150 FILE: TS012345678_taken.zip", opening.Lines[0]);
        Assert.Equal(226, final.Code);
        Assert.Equal([$"E-ABCD12345f/TS012345678_taken.zip", $"{OtherUser}/TS012345678_taken.zip"], _core.DeliveredFiles());
        var receipts = await _core.ReadReceiptsAsync();
        Assert.Equal(["E-ABCD12345f", OtherUser], receipts.Select(r => r.Account));
    }

    [Fact]
    public async Task An_anonymous_interrupted_upload_cannot_be_taken_over_from_another_address_with_the_same_email()
    {
        const string path = "/toibm/aix/TS012345678_victim.zip";
        await using (var victim = await _server.ConnectAsync())
        {
            await victim.SecureLoginAsync("anonymous", "victim@example.com");
            var (socket, stream, _) = await DataTransfers.OpenAsync(victim, await victim.ExtendedPassiveAsync(), $"STOR {path}", protect: true);
            await stream.WriteAsync(new byte[1000]);
            await stream.FlushAsync();
            socket.Close();
            Assert.Equal(426, (await victim.ReadReplyAsync()).Code);
            await Eventually.TrueAsync(() => PartialSizes().SequenceEqual([1000L]), "the victim's 1000 bytes kept aside");
        }

        await using (var attacker = await FtpTestClient.ConnectAsync(_server.EndPoint, IPAddress.Parse("127.0.0.2")))
        {
            await attacker.SecureLoginAsync("anonymous", "victim@example.com");
            Assert.Equal(550, (await attacker.CommandAsync($"SIZE {path}")).Code);
            Assert.Equal(550, (await attacker.CommandAsync($"MDTM {path}")).Code);
            Assert.Equal(350, (await attacker.CommandAsync("REST 1000")).Code);
            using (await FtpTestClient.ConnectDataAsync(await attacker.ExtendedPassiveAsync(), IPAddress.Parse("127.0.0.2")))
            {
                Assert.Equal($"550 There is no interrupted upload of {path} to resume at byte 1000.", (await attacker.CommandAsync($"STOR {path}")).Lines[0]);
            }

            var (_, appended) = await DataTransfers.UploadAsync(attacker, await attacker.ExtendedPassiveAsync(), $"APPE {path}", [66], protect: true);
            Assert.Equal(226, appended.Code);
        }

        var receipt = Assert.Single(await _core.ReadReceiptsAsync());
        Assert.Equal((1L, "127.0.0.2"), (receipt.Size, receipt.ClientAddress));
        Assert.Equal([1000L], PartialSizes());
        await using var back = await _server.ConnectAsync();
        await back.SecureLoginAsync("anonymous", "victim@example.com");
        Assert.Equal("213 1000", (await back.CommandAsync($"SIZE {path}")).Lines[0]);
    }

    private IReadOnlyList<long> PartialSizes() =>
        [.. Directory.EnumerateFiles(Path.Combine(_core.DataDirectory, "uploads", "toibm", "aix", ".partial"), "*", SearchOption.AllDirectories).Select(file => new FileInfo(file).Length)];

    [Fact]
    public async Task A_session_sees_what_it_delivered_as_rclone_checks_it_and_no_other_session_does()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureLoginAsync();
        Assert.Equal(550, (await client.CommandAsync("SIZE /toibm/aix/TS012345678_rclone.bin")).Code);
        var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/TS012345678_rclone.bin", new byte[1234], protect: true);
        Assert.Equal(226, final.Code);

        Assert.Equal("213 1234", (await client.CommandAsync("SIZE /toibm/aix/TS012345678_rclone.bin")).Lines[0]);
        Assert.Matches(@"^213 \d{14}$", (await client.CommandAsync("MDTM /toibm/aix/TS012345678_rclone.bin")).Lines[0]);
        var mlst = await client.CommandAsync("MLST /toibm/aix/TS012345678_rclone.bin");
        Assert.Equal(250, mlst.Code);
        Assert.Matches(@"^ type=file;size=1234;modify=\d{14};perm=; /toibm/aix/TS012345678_rclone\.bin$", mlst.Lines[1]);
        var (_, listing, listed) = await DataTransfers.DownloadAsync(client, await client.ExtendedPassiveAsync(), "MLSD /toibm/aix", protect: true);
        Assert.Equal(226, listed.Code);
        Assert.Matches(@"^type=file;size=1234;modify=\d{14};perm=; TS012345678_rclone\.bin\r\n$", System.Text.Encoding.UTF8.GetString(listing));
        await client.ExtendedPassiveAsync();
        Assert.Equal(550, (await client.CommandAsync("RETR /toibm/aix/TS012345678_rclone.bin")).Code);

        await using var other = await _server.ConnectAsync();
        await other.SecureLoginAsync();
        Assert.Equal(550, (await other.CommandAsync("SIZE /toibm/aix/TS012345678_rclone.bin")).Code);
        Assert.Equal(550, (await other.CommandAsync("MLST /toibm/aix/TS012345678_rclone.bin")).Code);
        await other.ExtendedPassiveAsync();
        Assert.Equal(550, (await other.CommandAsync("MLSD /toibm/aix")).Code);
    }

    /// <summary>What SIZE, MDTM, MLST, RNFR, REST + STOR and APPE answer about a name, one reply per line.</summary>
    private static async Task<string> RepliesAsync(FtpTestClient client, string name)
    {
        var replies = new List<string>();
        foreach (var command in new[] { $"SIZE {name}", $"MDTM {name}", $"MLST {name}", $"RNFR {name}", "REST 5" })
        {
            replies.Add((await client.CommandAsync(command)).ToString());
        }

        var passive = await client.ExtendedPassiveAsync();
        using var socket = await FtpTestClient.ConnectDataAsync(passive);
        replies.Add((await client.CommandAsync($"STOR {name}")).ToString());
        return string.Join('\n', replies);
    }
}
