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
