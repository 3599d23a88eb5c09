using System.Security.Cryptography;
using EcurepServer.Core.Configuration;
using EcurepServer.Sftp.Tests.Support;
using static EcurepServer.Sftp.Tests.Support.SftpTestClient;

namespace EcurepServer.Sftp.Tests;

/// <summary>Uploads through Core: delivery at CLOSE, receipts, resume, out-of-order writes and WinSCP's rename.</summary>
public sealed class UploadTests : IAsyncLifetime
{
    private readonly SftpFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _fixture.DisposeAsync().AsTask();

    [Fact]
    public async Task Put_delivers_at_close_with_an_sftp_receipt()
    {
        var data = Bytes(300_000, seed: 1);
        var client = await _fixture.StartInitializedAsync(SftpFixture.Guest);
        var handle = await client.OpenHandleAsync("toibm/aix/TS012345678_logs.zip", Write | Create | Truncate);
        for (var offset = 0; offset < data.Length; offset += 65536)
        {
            ExpectOk(await client.WriteAsync(handle, (ulong)offset, data.AsSpan(offset, Math.Min(65536, data.Length - offset))));
        }

        Assert.False(File.Exists(_fixture.Delivered("aix", "TS012345678_logs.zip", SftpFixture.Guest)));
        Assert.Equal((ulong)data.Length, (await client.RequestAsync(8, p => p.String(handle))).ReadAttrs().Size);
        ExpectOk(await client.CloseAsync(handle));

        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_logs.zip", SftpFixture.Guest)));
        var receipt = Assert.Single(await _fixture.ReadReceiptsAsync());
        Assert.Equal("/toibm/aix/TS012345678_logs.zip", receipt.Path);
        Assert.Equal("sftp", receipt.Protocol);
        Assert.Equal(Sha256(data), receipt.Sha256);
        Assert.Equal("guest@example.com", receipt.Account);
        Assert.True(receipt.Anonymous);

        // paramiko STATs after put and compares the size.
        Assert.Equal((ulong)data.Length, (await client.StatAsync("/toibm/aix/TS012345678_logs.zip")).ReadAttrs().Size);
    }

    [Fact]
    public async Task Pipelined_writes_arriving_in_small_pieces_are_framed_correctly()
    {
        var data = Bytes(100_000, seed: 2);
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/linux/pieces.bin", Write | Create | Truncate);

        var message = PacketBuilder.Message(6, new PacketBuilder().UInt32(7).String(handle).UInt64(0).String(data).ToArray());
        await client.SendRawAsync(message, pieceSize: 997);
        ExpectOk(await client.ReceiveAsync(7));
        ExpectOk(await client.CloseAsync(handle));

        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("linux", "pieces.bin")));
    }

    [Fact]
    public async Task Upload_where_core_refuses_gets_cores_message()
    {
        var client = await _fixture.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/once.zip", [1])).Code);

        var toibm = ReadStatus(await client.OpenAsync("/toibm/f.zip", Write | Create | Truncate));
        var again = ReadStatus(await client.OpenAsync("/toibm/aix/once.zip", Write | Create | Truncate));
        var hidden = ReadStatus(await client.OpenAsync("/toibm/aix/.hidden", Write | Create | Truncate));

        Assert.Equal(PermissionDenied, toibm.Code);
        Assert.Contains("/toibm/aix", toibm.Message, StringComparison.Ordinal);
        Assert.Equal((PermissionDenied, "once.zip already exists; delivered files are never overwritten, choose another name."), again);
        Assert.Equal(NoSuchFile, hidden.Code);
        Assert.StartsWith("Invalid path", hidden.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_at_close_delivers_nothing_and_says_why()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/race.zip", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, [1, 1]));
        var delivered = _fixture.Delivered("aix", "race.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(delivered)!);
        await File.WriteAllBytesAsync(delivered, [2, 2, 2]);

        var (code, message) = ReadStatus(await client.CloseAsync(handle));

        Assert.Equal(PermissionDenied, code);
        Assert.Contains("already exists", message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 2, 2, 2 }, await File.ReadAllBytesAsync(delivered));
        Assert.Empty(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task Two_accounts_uploading_the_same_name_both_get_their_own_upload()
    {
        var alice = await _fixture.StartInitializedAsync();
        var guest = await _fixture.StartInitializedAsync(SftpFixture.Guest);
        var mine = await alice.OpenHandleAsync("/toibm/aix/TS012345678_same.zip", Write | Create | Truncate);
        var theirs = await guest.OpenHandleAsync("/toibm/aix/TS012345678_same.zip", Write | Create | Truncate);
        ExpectOk(await alice.WriteAsync(mine, 0, [1, 1]));
        ExpectOk(await guest.WriteAsync(theirs, 0, [2, 2, 2]));

        ExpectOk(await guest.CloseAsync(theirs));
        ExpectOk(await alice.CloseAsync(mine));

        Assert.Equal(new byte[] { 1, 1 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_same.zip")));
        Assert.Equal(new byte[] { 2, 2, 2 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_same.zip", SftpFixture.Guest)));
        Assert.Equal(2, (await _fixture.ReadReceiptsAsync()).Count);
    }

    [Fact]
    public async Task Reput_after_a_dropped_session_completes_the_file()
    {
        var data = Bytes(200_000, seed: 3);
        var half = 120_000;
        var killed = await _fixture.StartInitializedAsync();
        var handle = await killed.OpenHandleAsync("/toibm/aix/big.zip", Write | Create | Truncate);
        ExpectOk(await killed.WriteAsync(handle, 0, data.AsSpan(0, 60_000)));
        ExpectOk(await killed.WriteAsync(handle, 60_000, data.AsSpan(60_000, 60_000)));
        await killed.EndAsync();

        Assert.False(File.Exists(_fixture.Delivered("aix", "big.zip")));
        Assert.Empty(await _fixture.ReadReceiptsAsync());

        var client = await _fixture.StartInitializedAsync();
        var size = (await client.StatAsync("/toibm/aix/big.zip")).ReadAttrs().Size;
        Assert.Equal((ulong)half, size);
        var (code, message) = await client.PutAsync("/toibm/aix/big.zip", data, chunk: 30_000, flags: Write | Create | Append, startAt: half);

        Assert.True(code == Ok, message);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "big.zip")));
        Assert.Equal(Sha256(data), Assert.Single(await _fixture.ReadReceiptsAsync()).Sha256);
    }

    [Fact]
    public async Task Resume_without_append_continues_at_the_offset_written()
    {
        var data = Bytes(5000, seed: 4);
        var killed = await _fixture.StartInitializedAsync();
        var handle = await killed.OpenHandleAsync("/toibm/aix/w.bin", Write | Create | Truncate);
        ExpectOk(await killed.WriteAsync(handle, 0, data.AsSpan(0, 3000)));
        await killed.EndAsync();

        var client = await _fixture.StartInitializedAsync();
        var (code, _) = await client.PutAsync("/toibm/aix/w.bin", data, chunk: 1000, flags: Write | Create, startAt: 3000);

        Assert.Equal(Ok, code);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "w.bin")));
    }

    [Fact]
    public async Task Open_without_truncate_writing_from_zero_starts_over()
    {
        var data = Bytes(4000, seed: 5);
        var killed = await _fixture.StartInitializedAsync();
        var handle = await killed.OpenHandleAsync("/toibm/aix/o.bin", Write | Create | Truncate);
        ExpectOk(await killed.WriteAsync(handle, 0, Bytes(3000, seed: 6)));
        await killed.EndAsync();

        var client = await _fixture.StartInitializedAsync();
        var (code, _) = await client.PutAsync("/toibm/aix/o.bin", data, chunk: 1000, flags: Write | Create);

        Assert.Equal(Ok, code);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "o.bin")));
        Assert.Equal(Sha256(data), Assert.Single(await _fixture.ReadReceiptsAsync()).Sha256);
    }

    [Fact]
    public async Task Out_of_order_writes_are_put_back_in_order()
    {
        var data = Bytes(10_000, seed: 7);
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/shuffled.bin", Write | Create | Truncate);

        foreach (var offset in new[] { 6000, 2000, 8000, 0, 4000 })
        {
            ExpectOk(await client.WriteAsync(handle, (ulong)offset, data.AsSpan(offset, 2000)));
        }

        ExpectOk(await client.CloseAsync(handle));
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "shuffled.bin")));
        Assert.Equal(Sha256(data), Assert.Single(await _fixture.ReadReceiptsAsync()).Sha256);
    }

    [Fact]
    public async Task A_gap_that_never_fills_is_not_delivered()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/gap.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, new byte[100]));
        ExpectOk(await client.WriteAsync(handle, 200, new byte[100]));

        var (code, message) = ReadStatus(await client.CloseAsync(handle));

        Assert.Equal(Failure, code);
        Assert.Equal("Bytes 100 to 200 of /toibm/aix/gap.bin never arrived; it was not delivered.", message);
        Assert.False(File.Exists(_fixture.Delivered("aix", "gap.bin")));
        Assert.Empty(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task Sessions_share_the_servers_write_ahead_budget_and_a_session_that_ends_gives_its_share_back()
    {
        var subsystem = _fixture.CreateSubsystem(new SftpOptions { MaxWriteAheadBytes = 1000, MaxWriteAheadBytesTotal = 1500 });
        var holder = await _fixture.StartInitializedAsync(sharedSubsystem: subsystem);
        var other = await _fixture.StartInitializedAsync(SftpFixture.Guest, sharedSubsystem: subsystem);
        var held = await holder.OpenHandleAsync("/toibm/aix/held.bin", Write | Create | Truncate);
        var refused = await other.OpenHandleAsync("/toibm/aix/refused.bin", Write | Create | Truncate);
        var later = await other.OpenHandleAsync("/toibm/aix/later.bin", Write | Create | Truncate);
        ExpectOk(await holder.WriteAsync(held, 100, new byte[1000]));

        var serverFull = ReadStatus(await other.WriteAsync(refused, 100, new byte[1000]));
        await holder.EndAsync();

        Assert.Equal((Failure, "A write at byte 100 of /toibm/aix/refused.bin arrived ahead of byte 0, and the server already holds all the out-of-order data it may (1500 bytes for all sessions); send the data in order."), serverFull);
        ExpectOk(await other.WriteAsync(later, 100, new byte[1000]));
        ExpectOk(await other.WriteAsync(later, 0, new byte[100]));
        ExpectOk(await other.CloseAsync(later));
        Assert.Equal(1100, new FileInfo(_fixture.Delivered("aix", "later.bin", SftpFixture.Guest)).Length);
    }

    [Fact]
    public async Task Writes_too_far_ahead_overlapping_or_past_the_limit_fail_and_the_session_goes_on()
    {
        var client = await _fixture.StartInitializedAsync(options: new SftpOptions { MaxWriteAheadBytes = 1000, MaxWriteOffset = 1_000_000 });
        var ahead = await client.OpenHandleAsync("/toibm/aix/ahead.bin", Write | Create | Truncate);
        var overlap = await client.OpenHandleAsync("/toibm/aix/overlap.bin", Write | Create | Truncate);
        var huge = await client.OpenHandleAsync("/toibm/aix/huge.bin", Write | Create | Truncate);

        var tooFar = ReadStatus(await client.WriteAsync(ahead, 5000, new byte[1001]));
        var afterFailure = ReadStatus(await client.WriteAsync(ahead, 0, new byte[10]));
        ExpectOk(await client.WriteAsync(overlap, 0, new byte[10]));
        var rewritten = ReadStatus(await client.WriteAsync(overlap, 5, new byte[10]));
        var past = ReadStatus(await client.WriteAsync(huge, 999_999, new byte[2]));

        Assert.Equal((Failure, "A write at byte 5000 of /toibm/aix/ahead.bin arrived too far ahead of byte 0; at most 1000 bytes can wait for earlier data."), tooFar);
        Assert.Equal(tooFar, afterFailure);
        Assert.Equal((Failure, "Bytes 5 to 15 of /toibm/aix/overlap.bin were already written; an upload is written once, front to back."), rewritten);
        Assert.Equal(Failure, past.Code);
        Assert.Contains("maximum upload size of 1000000 bytes", past.Message, StringComparison.Ordinal);
        foreach (var handle in new[] { ahead, overlap, huge })
        {
            Assert.Equal(Failure, ReadStatus(await client.CloseAsync(handle)).Code);
        }

        Assert.Empty(_fixture.DeliveredNames("aix"));
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/fine.bin", [1, 2])).Code);
    }

    [Fact]
    public async Task A_write_reaching_into_data_held_for_later_fails_at_once()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/held.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 100, new byte[100]));

        var overlapping = ReadStatus(await client.WriteAsync(handle, 0, new byte[150]));

        Assert.Equal((Failure, "Bytes 0 to 150 of /toibm/aix/held.bin overlap data already sent; an upload is written once, front to back."), overlapping);
        Assert.Equal(Failure, ReadStatus(await client.CloseAsync(handle)).Code);
        Assert.Empty(_fixture.DeliveredNames("aix"));
    }

    [Fact]
    public async Task Core_size_limit_is_reported_as_a_failure()
    {
        await using var small = new SftpFixture(maxUploadBytes: 100);
        var client = await small.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/big.bin", Write | Create | Truncate);

        var (code, message) = ReadStatus(await client.WriteAsync(handle, 0, new byte[101]));

        Assert.Equal(Failure, code);
        Assert.Contains("maximum upload size of 100 bytes", message, StringComparison.Ordinal);
        Assert.Equal(Failure, ReadStatus(await client.CloseAsync(handle)).Code);
        Assert.Empty(small.DeliveredNames("aix"));
    }

    [Fact]
    public async Task A_write_reaching_the_quota_fails_with_the_quota_text_and_the_partial_stays()
    {
        await using var limited = new SftpFixture(quota: new QuotaOptions { AnonymousBytesPerDay = 100_000 });
        var client = await limited.StartInitializedAsync(SftpFixture.Guest);
        var handle = await client.OpenHandleAsync("/toibm/aix/big.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, new byte[60_000]));

        var (code, message) = ReadStatus(await client.WriteAsync(handle, 60_000, new byte[60_000]));

        Assert.Equal(Failure, code);
        Assert.Equal(
            "Upload quota exceeded: anonymous users together may upload 100000 bytes a day (UTC) and have 0 left today; /toibm/aix/big.bin was not delivered. Upload or resume it after 00:00 UTC, or log in with a Transfer ID.",
            message);
        Assert.Equal((Failure, message), ReadStatus(await client.CloseAsync(handle)));
        Assert.Empty(limited.DeliveredNames("aix"));
        var partial = Assert.Single(Directory.GetFiles(Path.Combine(limited.DataDirectory, "uploads", "toibm", "aix", ".partial"), "big.bin", SearchOption.AllDirectories));
        Assert.Equal(100_000, new FileInfo(partial).Length);

        // All anonymous users share the quota: another one is refused at OPEN; a Transfer ID is not.
        var other = await limited.StartInitializedAsync(SftpFixture.Guest with { AnonymousEmail = "other@example.com" });
        var (refused, text) = ReadStatus(await other.OpenAsync("/toibm/aix/more.bin", Write | Create | Truncate));
        Assert.Equal(Failure, refused);
        Assert.StartsWith("Upload quota exceeded: anonymous users together may upload 100000 bytes a day (UTC) and have 0 left today; /toibm/aix/more.bin", text, StringComparison.Ordinal);
        var account = await limited.StartInitializedAsync(SftpFixture.Alice);
        Assert.Equal(Ok, (await account.PutAsync("/toibm/aix/small.bin", new byte[50_000])).Code);
    }

    [Fact]
    public async Task Winscp_filepart_then_rename_delivers_only_the_final_name_once()
    {
        var data = Bytes(50_000, seed: 8);
        var client = await _fixture.StartInitializedAsync();

        var (code, _) = await client.PutAsync("/toibm/aix/12345.123.724.zip.filepart", data);
        Assert.Equal(Ok, code);
        Assert.Empty(_fixture.DeliveredNames("aix"));
        Assert.Equal((ulong)data.Length, (await client.StatAsync("/toibm/aix/12345.123.724.zip.filepart")).ReadAttrs().Size);
        ExpectOk(await client.RequestAsync(9, p => p.String("/toibm/aix/12345.123.724.zip.filepart").Attrs(times: (1, 2))));

        ExpectOk(await client.RenameAsync("/toibm/aix/12345.123.724.zip.filepart", "/toibm/aix/12345.123.724.zip"));

        Assert.Equal(["12345.123.724.zip"], _fixture.DeliveredNames("aix"));
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "12345.123.724.zip")));
        var receipt = Assert.Single(await _fixture.ReadReceiptsAsync());
        Assert.Equal("/toibm/aix/12345.123.724.zip", receipt.Path);
        Assert.Equal(Sha256(data), receipt.Sha256);
        Assert.Equal((ulong)data.Length, (await client.StatAsync("/toibm/aix/12345.123.724.zip")).ReadAttrs().Size);
        Assert.Equal(NoSuchFile, ReadStatus(await client.StatAsync("/toibm/aix/12345.123.724.zip.filepart")).Code);
        Assert.Equal(PermissionDenied, ReadStatus(await client.RenameAsync("/toibm/aix/12345.123.724.zip", "/toibm/aix/other.zip")).Code);
    }

    [Fact]
    public async Task Posix_rename_of_a_filepart_works_too()
    {
        var client = await _fixture.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/linux/a.tgz.filepart", [1, 2, 3])).Code);

        ExpectOk(await client.ExtendedAsync("posix-rename@openssh.com", p => p.String("/toibm/linux/a.tgz.filepart").String("/toibm/linux/a.tgz")));

        Assert.Equal(["a.tgz"], _fixture.DeliveredNames("linux"));
    }

    [Fact]
    public async Task A_filepart_never_renamed_is_kept_for_a_resume_not_delivered()
    {
        var client = await _fixture.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/x.filepart", new byte[70])).Code);
        await client.EndAsync();

        Assert.Empty(_fixture.DeliveredNames("aix"));
        Assert.Empty(await _fixture.ReadReceiptsAsync());
        Assert.Contains(_fixture.Logger.Entries, e => e.Message.StartsWith("/toibm/aix/x.filepart was closed but not renamed", StringComparison.Ordinal));
        var next = await _fixture.StartInitializedAsync();
        Assert.Equal(70ul, (await next.StatAsync("/toibm/aix/x.filepart")).ReadAttrs().Size);
    }

    [Fact]
    public async Task Rename_refusals_keep_the_filepart_waiting()
    {
        var client = await _fixture.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/taken.zip", [1])).Code);
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/taken.zip.filepart", [2, 2])).Code);

        var taken = ReadStatus(await client.RenameAsync("/toibm/aix/taken.zip.filepart", "/toibm/aix/taken.zip"));
        var elsewhere = ReadStatus(await client.RenameAsync("/toibm/aix/taken.zip.filepart", "/toibm/linux/taken.zip"));
        ExpectOk(await client.RenameAsync("/toibm/aix/taken.zip.filepart", "/toibm/aix/taken-2.zip"));

        Assert.Equal(PermissionDenied, taken.Code);
        Assert.Equal((PermissionDenied, "/toibm/aix/taken.zip.filepart can only be renamed within /toibm/aix."), elsewhere);
        Assert.Equal(["taken-2.zip", "taken.zip"], _fixture.DeliveredNames("aix"));
        Assert.Equal(NoSuchFile, ReadStatus(await client.RenameAsync("/toibm/aix/nothing", "/toibm/aix/b")).Code);
    }

    [Fact]
    public async Task Renaming_an_open_upload_delivers_the_new_name_at_close()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/tmp.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, [4, 5]));

        ExpectOk(await client.RenameAsync("/toibm/aix/tmp.bin", "/toibm/aix/final.bin"));
        Assert.Equal(2ul, (await client.StatAsync("/toibm/aix/final.bin")).ReadAttrs().Size);
        ExpectOk(await client.CloseAsync(handle));

        Assert.Equal(["final.bin"], _fixture.DeliveredNames("aix"));
    }

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
