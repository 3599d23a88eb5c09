using System.Security.Cryptography;
using System.Text;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Logging;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

public sealed class UploadTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly DropBoxFixture _fixture = new(maxUploadBytes: 1000);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Upload_is_delivered_with_hash_and_receipt()
    {
        var session = _fixture.Open(Alice);
        var data = Bytes(300, seed: 1);
        var started = _fixture.Time.GetUtcNow();

        await using var upload = await BeginAsync(session, "/toibm/aix/TS012345678_logs.zip");
        Assert.Equal(0, upload.Length);
        Assert.Equal(100, (await upload.WriteAsync(data.AsMemory(0, 100), None)).Value);
        Assert.Equal(300, (await upload.WriteAsync(data.AsMemory(100), None)).Value);
        Assert.False(File.Exists(_fixture.Delivered("aix", "TS012345678_logs.zip")));

        _fixture.Time.Advance(TimeSpan.FromSeconds(3));
        var receipt = (await upload.CommitAsync(None)).Value!;

        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_logs.zip")));
        Assert.Equal("/toibm/aix/TS012345678_logs.zip", receipt.Path);
        Assert.Equal(300, receipt.Size);
        Assert.Equal(Sha256(data), receipt.Sha256);
        Assert.Equal(Alice.Name, receipt.Account);
        Assert.False(receipt.Anonymous);
        Assert.Equal("Europe", receipt.Site);
        Assert.Equal("ftps", receipt.Protocol);
        Assert.Equal("192.0.2.7", receipt.ClientAddress);
        Assert.Equal(session.Context.SessionId, receipt.SessionId);
        Assert.Equal(started, receipt.StartedUtc);
        Assert.Equal(started.AddSeconds(3), receipt.CompletedUtc);

        Assert.Equal([receipt], await _fixture.ReadReceiptsAsync());
        Assert.Empty(Directory.GetFiles(PartialRoot("aix"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Flush_puts_the_bytes_written_so_far_on_disk_without_delivering()
    {
        var session = _fixture.Open(Alice);
        var data = Bytes(300, seed: 3);
        await using var upload = await BeginAsync(session, "/toibm/aix/flushed.bin");
        await upload.WriteAsync(data, None);
        var partial = Assert.Single(Directory.GetFiles(PartialRoot("aix"), "flushed.bin", SearchOption.AllDirectories));
        Assert.Equal(0, new FileInfo(partial).Length);

        Assert.Equal(300, (await upload.FlushAsync(None)).Value);

        Assert.Equal(300, new FileInfo(partial).Length);
        Assert.False(File.Exists(_fixture.Delivered("aix", "flushed.bin")));
        Assert.Equal(600, (await upload.WriteAsync(data, None)).Value);
        Assert.True((await upload.CommitAsync(None)).Succeeded);
        var delivered = await File.ReadAllBytesAsync(_fixture.Delivered("aix", "flushed.bin"));
        Assert.Equal([.. data, .. data], delivered);
    }

    [Fact]
    public async Task Delivery_is_logged_with_the_session_properties()
    {
        var session = _fixture.Open(Alice);
        await UploadAsync(session, "/toibm/aix/f.bin", Bytes(10, 2));

        var entry = Assert.Single(_fixture.Logger.Entries, e => e.Message.StartsWith("Delivered", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(session.Context.SessionId, entry.Properties["SessionId"]);
        Assert.Equal("Europe", entry.Properties["Site"]);
        Assert.Equal("ftps", entry.Properties["Protocol"]);
        Assert.Equal(Alice.Name, entry.Properties["User"]);
        Assert.Equal(session.Context.RemoteEndPoint, entry.Properties["RemoteEndPoint"]);
        Assert.Equal(Sha256(Bytes(10, 2)), entry.Properties["Sha256"]);
    }

    [Fact]
    public async Task Session_can_stat_what_it_delivered_but_another_session_cannot()
    {
        var session = _fixture.Open(Alice);
        await UploadAsync(session, "/toibm/aix/mine.zip", Bytes(42, 3));

        var node = session.Stat(P("/toibm/aix/mine.zip")).Value!;
        Assert.Equal(NodeKind.File, node.Kind);
        Assert.Equal(42, node.Size);
        Assert.Equal(NodeAccess.None, node.Access);
        Assert.Equal(RefusalKind.PermissionDenied, session.OpenRead(P("/toibm/aix/mine.zip"), 0).Refusal!.Kind);

        Assert.Equal(RefusalKind.NotFound, _fixture.Open(Alice).Stat(P("/toibm/aix/mine.zip")).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, _fixture.Open(Bob).Stat(P("/toibm/aix/mine.zip")).Refusal!.Kind);
    }

    [Fact]
    public async Task A_session_lists_exactly_what_it_delivered_into_a_product_directory()
    {
        var session = _fixture.Open(Alice);
        Assert.Equal(RefusalKind.PermissionDenied, session.List(P("/toibm/aix")).Refusal!.Kind);
        await UploadAsync(session, "/toibm/aix/b.zip", Bytes(2, 30));
        await UploadAsync(session, "/toibm/aix/a.zip", Bytes(1, 31));
        await UploadAsync(session, "/toibm/linux/c.zip", Bytes(3, 32));
        await using (var partial = await BeginAsync(session, "/toibm/aix/partial.zip"))
        {
            await partial.WriteAsync(Bytes(4, 33), None);
        }

        var listed = session.List(P("/toibm/aix")).Value!;

        Assert.Equal([("a.zip", 1L), ("b.zip", 2L)], listed.Select(n => (n.Name, n.Size)));
        Assert.All(listed, n => Assert.Equal(NodeAccess.None, n.Access));
        Assert.Equal(RefusalKind.PermissionDenied, session.List(P("/toibm/aix/a.zip")).Refusal!.Kind);
        Assert.Equal(RefusalKind.PermissionDenied, _fixture.Open(Alice).List(P("/toibm/aix")).Refusal!.Kind);
        Assert.Equal(RefusalKind.PermissionDenied, _fixture.Open(Bob).List(P("/toibm/aix")).Refusal!.Kind);
    }

    [Fact]
    public async Task Delivered_names_are_never_overwritten()
    {
        await UploadAsync(_fixture.Open(Alice), "/toibm/aix/f.zip", Bytes(10, 4));

        var second = await _fixture.Open(Alice).BeginUploadAsync(new UploadRequest(P("/toibm/aix/f.zip"), UploadMode.Create), None);
        Assert.Equal(RefusalKind.AlreadyExists, second.Refusal!.Kind);
        Assert.Equal("f.zip already exists; delivered files are never overwritten, choose another name.", second.Refusal.Message);
        Assert.Equal(Bytes(10, 4), await File.ReadAllBytesAsync(_fixture.Delivered("aix", "f.zip")));
        Assert.Single(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task Commit_rechecks_the_name_and_keeps_the_partial()
    {
        var alice = _fixture.Open(Alice);
        await using var upload = await BeginAsync(alice, "/toibm/aix/race.zip");
        await upload.WriteAsync(Bytes(5, 5), None);
        var delivered = _fixture.Delivered("aix", "race.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(delivered)!);
        await File.WriteAllBytesAsync(delivered, Bytes(7, 6));

        var late = await upload.CommitAsync(None);

        Assert.Equal(RefusalKind.AlreadyExists, late.Refusal!.Kind);
        Assert.Equal(Bytes(7, 6), await File.ReadAllBytesAsync(delivered));
        Assert.Equal(5, alice.PartialLength(P("/toibm/aix/race.zip")).Value);
        Assert.Empty(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task Abort_keeps_the_partial_and_delivers_nothing()
    {
        var session = _fixture.Open(Alice);
        await using (var upload = await BeginAsync(session, "/toibm/aix/big.zip"))
        {
            await upload.WriteAsync(Bytes(123, 7), None);
        }

        Assert.False(File.Exists(_fixture.Delivered("aix", "big.zip")));
        Assert.Empty(await _fixture.ReadReceiptsAsync());
        Assert.Equal(123, session.PartialLength(P("/toibm/aix/big.zip")).Value);

        var node = session.Stat(P("/toibm/aix/big.zip")).Value!;
        Assert.Equal(123, node.Size);
        Assert.Equal(NodeAccess.Write, node.Access);

        Assert.Equal(RefusalKind.NotFound, _fixture.Open(Bob).PartialLength(P("/toibm/aix/big.zip")).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, _fixture.Open(Bob).Stat(P("/toibm/aix/big.zip")).Refusal!.Kind);
        Assert.Contains(_fixture.Logger.Entries, e => e.Message.Contains("kept 123 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_that_got_no_bytes_leaves_no_partial_and_no_folder()
    {
        var session = _fixture.Open(Alice);
        await using (await BeginAsync(session, "/toibm/aix/never.zip"))
        {
        }

        Assert.False(Directory.Exists(PartialRoot("aix")));
        Assert.Equal(RefusalKind.NotFound, session.PartialLength(P("/toibm/aix/never.zip")).Refusal!.Kind);
        Assert.Contains(_fixture.Logger.Entries, e => e.Message.Contains("removed its empty partial file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_that_got_no_bytes_keeps_the_folder_another_partial_is_in()
    {
        var session = _fixture.Open(Alice);
        await using (var kept = await BeginAsync(session, "/toibm/aix/kept.zip"))
        {
            await kept.WriteAsync(Bytes(5, 24), None);
        }

        await using (await BeginAsync(session, "/toibm/aix/never.zip"))
        {
        }

        Assert.Equal(5, session.PartialLength(P("/toibm/aix/kept.zip")).Value);
        Assert.Equal(RefusalKind.NotFound, session.PartialLength(P("/toibm/aix/never.zip")).Refusal!.Kind);
    }

    [Fact]
    public async Task Resume_that_got_no_bytes_keeps_the_partial()
    {
        var session = _fixture.Open(Alice);
        await using (var first = await BeginAsync(session, "/toibm/aix/r.zip"))
        {
            await first.WriteAsync(Bytes(40, 25), None);
        }

        await using (await BeginAsync(session, "/toibm/aix/r.zip", UploadMode.Resume, 40))
        {
        }

        await using (await BeginAsync(session, "/toibm/aix/r.zip", UploadMode.Append))
        {
        }

        Assert.Equal(40, session.PartialLength(P("/toibm/aix/r.zip")).Value);
    }

    [Fact]
    public async Task Partial_lives_in_a_hidden_per_account_folder_beside_the_target()
    {
        var session = _fixture.Open(Alice);
        await using (var upload = await BeginAsync(session, "/toibm/linux/p.bin"))
        {
            await upload.WriteAsync(Bytes(3, 8), None);
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Alice.Name))[..16]);
        var partial = Path.Combine(PartialRoot("linux"), key, "p.bin");
        Assert.Equal(Bytes(3, 8), await File.ReadAllBytesAsync(partial));

        var anonymousKey = "anonymous-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("anonymous\n192.0.2.7\nguest@example.com"))[..16]);
        Assert.Equal(anonymousKey, Storage.AccountKey.For(Guest, ClientAddress));
        Assert.NotEqual(anonymousKey, Storage.AccountKey.For(Guest with { AnonymousEmail = "Guest@Example.COM" }, ClientAddress));
    }

    [Fact]
    public async Task Create_discards_the_accounts_partial()
    {
        var session = _fixture.Open(Alice);
        await using (var first = await BeginAsync(session, "/toibm/aix/f"))
        {
            await first.WriteAsync(Bytes(50, 9), None);
        }

        var data = Bytes(20, 10);
        var receipt = await UploadAsync(session, "/toibm/aix/f", data);
        Assert.Equal(20, receipt.Size);
        Assert.Equal(Sha256(data), receipt.Sha256);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "f")));
    }

    [Fact]
    public async Task Resume_truncates_to_the_offset_and_hashes_the_whole_file()
    {
        var data = Bytes(600, 11);
        var session = _fixture.Open(Alice);
        await using (var first = await BeginAsync(session, "/toibm/aix/r.bin"))
        {
            await first.WriteAsync(data.AsMemory(0, 400), None);
        }

        // The client only saw 250 bytes acknowledged and resumes there.
        var resumed = _fixture.Open(Alice);
        await using var upload = await BeginAsync(resumed, "/toibm/aix/r.bin", UploadMode.Resume, 250);
        Assert.Equal(250, upload.Length);
        Assert.Equal(600, (await upload.WriteAsync(data.AsMemory(250), None)).Value);
        var receipt = (await upload.CommitAsync(None)).Value!;

        Assert.Equal(600, receipt.Size);
        Assert.Equal(Sha256(data), receipt.Sha256);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "r.bin")));
    }

    [Fact]
    public async Task Resume_at_the_partial_length_continues()
    {
        var data = Bytes(512, 12);
        var session = _fixture.Open(Alice);
        await using (var first = await BeginAsync(session, "/toibm/aix/r2.bin"))
        {
            await first.WriteAsync(data.AsMemory(0, 100), None);
        }

        var offset = session.PartialLength(P("/toibm/aix/r2.bin")).Value;
        await using var upload = await BeginAsync(session, "/toibm/aix/r2.bin", UploadMode.Resume, offset);
        await upload.WriteAsync(data.AsMemory((int)offset), None);
        Assert.Equal(Sha256(data), (await upload.CommitAsync(None)).Value!.Sha256);
    }

    [Fact]
    public async Task Partial_survives_a_server_restart()
    {
        var data = Bytes(200, 24);
        await using (var first = await BeginAsync(_fixture.Open(Alice), "/toibm/linux/restart.bin"))
        {
            await first.WriteAsync(data.AsMemory(0, 80), None);
        }

        var restarted = new DropBox(Microsoft.Extensions.Options.Options.Create(_fixture.Options), _fixture.Receipts, _fixture.Time, new ListLogger<DropBox>());
        var session = restarted.OpenSession(Alice, _fixture.Open(Alice).Context);
        Assert.Equal(80, session.PartialLength(P("/toibm/linux/restart.bin")).Value);
        await using var upload = await BeginAsync(session, "/toibm/linux/restart.bin", UploadMode.Append);
        await upload.WriteAsync(data.AsMemory(80), None);
        Assert.Equal(Sha256(data), (await upload.CommitAsync(None)).Value!.Sha256);
    }

    [Fact]
    public async Task Resume_refuses_an_offset_past_the_partial()
    {
        var session = _fixture.Open(Alice);
        await using (var first = await BeginAsync(session, "/toibm/aix/r3.bin"))
        {
            await first.WriteAsync(Bytes(10, 13), None);
        }

        var beyond = await session.BeginUploadAsync(new UploadRequest(P("/toibm/aix/r3.bin"), UploadMode.Resume, 11), None);
        Assert.Equal(RefusalKind.NotFound, beyond.Refusal!.Kind);
        Assert.Contains("only 10 bytes", beyond.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(10, session.PartialLength(P("/toibm/aix/r3.bin")).Value);

        var none = await session.BeginUploadAsync(new UploadRequest(P("/toibm/aix/none.bin"), UploadMode.Resume, 5), None);
        Assert.Equal(RefusalKind.NotFound, none.Refusal!.Kind);
        Assert.False(File.Exists(Path.Combine(PartialRoot("aix"), session.AccountKeyOf(), "none.bin")));

        // Another account cannot resume Alice's partial.
        var bob = await _fixture.Open(Bob).BeginUploadAsync(new UploadRequest(P("/toibm/aix/r3.bin"), UploadMode.Resume, 10), None);
        Assert.Equal(RefusalKind.NotFound, bob.Refusal!.Kind);
    }

    [Fact]
    public async Task Resume_at_zero_without_a_partial_starts_fresh()
    {
        var data = Bytes(9, 14);
        var session = _fixture.Open(Alice);
        await using var upload = await BeginAsync(session, "/toibm/aix/z.bin", UploadMode.Resume, 0);
        await upload.WriteAsync(data, None);
        Assert.Equal(Sha256(data), (await upload.CommitAsync(None)).Value!.Sha256);
    }

    [Fact]
    public async Task Append_continues_at_the_partials_end_or_starts_new()
    {
        var data = Bytes(300, 15);
        var session = _fixture.Open(Alice);
        await using (var first = await BeginAsync(session, "/toibm/aix/a.bin", UploadMode.Append))
        {
            Assert.Equal(0, first.Length);
            await first.WriteAsync(data.AsMemory(0, 120), None);
        }

        await using var upload = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/a.bin", UploadMode.Append);
        Assert.Equal(120, upload.Length);
        await upload.WriteAsync(data.AsMemory(120), None);
        var receipt = (await upload.CommitAsync(None)).Value!;
        Assert.Equal(Sha256(data), receipt.Sha256);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "a.bin")));
    }

    [Fact]
    public async Task Writes_past_the_limit_are_refused_and_the_partial_dropped()
    {
        var session = _fixture.Open(Alice);
        await using (var upload = await BeginAsync(session, "/toibm/aix/huge.bin"))
        {
            Assert.True((await upload.WriteAsync(Bytes(1000, 16), None)).Succeeded);
            var refused = await upload.WriteAsync(Bytes(1, 17), None);
            Assert.Equal(RefusalKind.TooLarge, refused.Refusal!.Kind);
            Assert.Contains("1000 bytes", refused.Refusal.Message, StringComparison.Ordinal);
            Assert.Equal(RefusalKind.TooLarge, (await upload.CommitAsync(None)).Refusal!.Kind);
        }

        Assert.False(File.Exists(_fixture.Delivered("aix", "huge.bin")));
        Assert.Equal(RefusalKind.NotFound, session.PartialLength(P("/toibm/aix/huge.bin")).Refusal!.Kind);
        Assert.Empty(await _fixture.ReadReceiptsAsync());
        Assert.Contains(_fixture.Logger.Entries, e => e.Level == LogLevel.Warning && Equals(e.Properties["Reason"], RefusalKind.TooLarge));
    }

    [Fact]
    public async Task Exactly_the_limit_is_allowed()
    {
        var receipt = await UploadAsync(_fixture.Open(Alice), "/toibm/aix/max.bin", Bytes(1000, 18));
        Assert.Equal(1000, receipt.Size);
    }

    [Fact]
    public async Task Same_account_cannot_upload_the_same_path_twice_at_once()
    {
        var first = _fixture.Open(Alice);
        await using var upload = await BeginAsync(first, "/toibm/aix/busy.bin");

        var second = await _fixture.Open(Alice).BeginUploadAsync(new UploadRequest(P("/toibm/aix/busy.bin"), UploadMode.Append), None);
        Assert.Equal(RefusalKind.Unavailable, second.Refusal!.Kind);
        Assert.Contains("already in progress", second.Refusal.Message, StringComparison.Ordinal);

        // Another account and another name are fine.
        await using var bob = await BeginAsync(_fixture.Open(Bob), "/toibm/aix/busy.bin");
        await using var other = await BeginAsync(first, "/toibm/aix/other.bin");

        await upload.DisposeAsync();
        await using var again = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/busy.bin", UploadMode.Append);
    }

    [Fact]
    public async Task Nothing_is_written_after_commit()
    {
        await using var upload = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/once.bin");
        await upload.WriteAsync(Bytes(4, 19), None);
        Assert.True((await upload.CommitAsync(None)).Succeeded);
        Assert.False((await upload.WriteAsync(Bytes(4, 20), None)).Succeeded);
        Assert.False((await upload.CommitAsync(None)).Succeeded);
        Assert.Single(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task Empty_upload_is_delivered()
    {
        var receipt = await UploadAsync(_fixture.Open(Alice), "/toibm/aix/empty", []);
        Assert.Equal(0, receipt.Size);
        Assert.Equal(Sha256([]), receipt.Sha256);
        Assert.True(File.Exists(_fixture.Delivered("aix", "empty")));
    }

    [Fact]
    public async Task Anonymous_receipt_names_the_email()
    {
        var receipt = await UploadAsync(_fixture.Open(Guest), "/toibm/linux/g.txt", Bytes(1, 21));
        Assert.True(receipt.Anonymous);
        Assert.Equal("guest@example.com", receipt.Account);
    }

    [Theory]
    [InlineData("/f.zip", RefusalKind.PermissionDenied, "Uploads go into a product directory such as /toibm/aix")]
    [InlineData("/toibm/f.zip", RefusalKind.PermissionDenied, "Uploads go into a product directory such as /toibm/aix")]
    [InlineData("/toibm/0-README.txt", RefusalKind.PermissionDenied, "read-only")]
    [InlineData("/toibm/nope/f.zip", RefusalKind.PermissionDenied, "/toibm/nope is not a product directory")]
    [InlineData("/toibm/aix/sub/f.zip", RefusalKind.PermissionDenied, "no subdirectories")]
    [InlineData("/fromibm/f.zip", RefusalKind.PermissionDenied, "/fromibm is read-only")]
    [InlineData("/fromibm", RefusalKind.NotAFile, "is a directory")]
    [InlineData("/toibm", RefusalKind.NotAFile, "is a directory")]
    [InlineData("/", RefusalKind.NotAFile, "is a directory")]
    [InlineData("/toibm/aix", RefusalKind.NotAFile, "is a directory")]
    public async Task Uploads_outside_product_directories_are_refused(string path, RefusalKind kind, string reason)
    {
        var session = _fixture.Open(Alice);
        var outcome = await session.BeginUploadAsync(new UploadRequest(P(path), UploadMode.Create), None);

        Assert.Equal(kind, outcome.Refusal!.Kind);
        Assert.Contains(reason, outcome.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_fixture.DataDirectory, "*", SearchOption.AllDirectories));
        var logged = Assert.Single(_fixture.Logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(session.Context.SessionId, logged.Properties["SessionId"]);
        Assert.Equal(path, logged.Properties["Path"]);
    }

    [Fact]
    public async Task Upload_into_the_session_that_hides_fromibm_is_still_refused()
    {
        var session = _fixture.Open(Alice, new DropBoxSessionOptions(ShowFromIbm: false));
        var outcome = await session.BeginUploadAsync(new UploadRequest(P("/fromibm/x"), UploadMode.Create), None);
        Assert.Equal(RefusalKind.PermissionDenied, outcome.Refusal!.Kind);
    }

    [Fact]
    public async Task UniqueName_picks_a_name_neither_delivered_nor_in_progress()
    {
        var session = _fixture.Open(Alice);
        var aix = P("/toibm/aix");
        Assert.Equal(P("/toibm/aix/12345.123.724.DUMP.ZIP"), session.UniqueName(aix, "12345.123.724.DUMP.ZIP").Value);

        await UploadAsync(session, "/toibm/aix/12345.123.724.DUMP.ZIP", Bytes(1, 22));
        Assert.Equal(P("/toibm/aix/12345.123.724.DUMP-1.ZIP"), session.UniqueName(aix, "12345.123.724.DUMP.ZIP").Value);

        await using var inProgress = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/12345.123.724.DUMP-1.ZIP");
        Assert.Equal(P("/toibm/aix/12345.123.724.DUMP-2.ZIP"), session.UniqueName(aix, "12345.123.724.DUMP.ZIP").Value);

        Assert.Equal(P("/toibm/aix/upload-1"), session.UniqueName(aix, null).Value);
        Assert.Equal(P("/toibm/aix/upload-1"), session.UniqueName(aix, "../bad").Value);
        Assert.Equal(P("/toibm/aix/upload-1"), session.UniqueName(aix, ".hidden").Value);
    }

    [Fact]
    public async Task UniqueName_skips_this_accounts_partials()
    {
        var session = _fixture.Open(Alice);
        await using (var upload = await BeginAsync(session, "/toibm/aix/upload-1"))
        {
            await upload.WriteAsync(Bytes(1, 23), None);
        }

        Assert.Equal(P("/toibm/aix/upload-2"), session.UniqueName(P("/toibm/aix"), null).Value);
    }

    [Fact]
    public void UniqueName_outside_a_product_directory_is_refused()
    {
        var session = _fixture.Open(Alice);
        Assert.Equal(RefusalKind.PermissionDenied, session.UniqueName(P("/toibm"), "f").Refusal!.Kind);
        Assert.Equal(RefusalKind.PermissionDenied, session.UniqueName(VirtualPath.Root, "f").Refusal!.Kind);
    }

    private string PartialRoot(string product) => Path.Combine(_fixture.DataDirectory, "uploads", "toibm", product, ".partial");

    private static async Task<IUpload> BeginAsync(IDropBoxSession session, string path, UploadMode mode = UploadMode.Create, long offset = 0)
    {
        var outcome = await session.BeginUploadAsync(new UploadRequest(P(path), mode, offset), None);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Message);
        return outcome.Value;
    }

    private static async Task<Receipts.Receipt> UploadAsync(IDropBoxSession session, string path, byte[] data)
    {
        await using var upload = await BeginAsync(session, path);
        var written = await upload.WriteAsync(data, None);
        Assert.True(written.Succeeded, written.Refusal?.Message);
        var committed = await upload.CommitAsync(None);
        Assert.True(committed.Succeeded, committed.Refusal?.Message);
        return committed.Value;
    }

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}

internal static class SessionTestExtensions
{
    public static string AccountKeyOf(this IDropBoxSession session) => Storage.AccountKey.For(session.Principal, session.Context.ClientAddress);
}
