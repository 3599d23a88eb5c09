using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Retention;
using EcurepServer.Core.Routing;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Logging;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

public sealed class RetentionTests : IDisposable
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly DropBoxFixture _fixture = new();
    private readonly JsonLinesDeletionStore _deletions;
    private readonly ListLogger<RetentionSweeper> _logger = new();
    private readonly RetentionSweeper _sweeper;

    public RetentionTests()
    {
        _deletions = new JsonLinesDeletionStore(Path.Combine(_fixture.DataDirectory, "deletions.jsonl"));
        _sweeper = new RetentionSweeper(_fixture.DropBox, new JsonLinesReceiptCatalog(_fixture.Receipts, _deletions), _logger);
    }

    public void Dispose()
    {
        _deletions.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task Deletes_exactly_the_deliveries_older_than_the_retention()
    {
        var old = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/34143.055.724.zip", [1, 2]);
        _fixture.Time.Advance(TimeSpan.FromDays(1));
        var young = await _fixture.Open(Bob).DeliverAsync("/toibm/linux/TS012345678_logs.zip", [3]);

        _fixture.Time.Advance(Week - TimeSpan.FromDays(1));
        Assert.Equal(new RetentionSweep(0, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));
        Assert.True(File.Exists(_fixture.Delivered("aix", "34143.055.724.zip")));

        _fixture.Time.Advance(Tick);
        Assert.Equal(new RetentionSweep(1, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));
        Assert.False(File.Exists(_fixture.Delivered("aix", "34143.055.724.zip")));
        Assert.True(File.Exists(_fixture.Delivered("linux", "TS012345678_logs.zip", Bob)));

        var entries = await ReadEntriesAsync();
        Assert.Equal([old, young], entries.Select(e => e.Receipt));
        Assert.Equal(new ReceiptDeletion(old.Path, old.CompletedUtc, old.Sha256, _fixture.Time.GetUtcNow()), entries[0].Deletion);
        Assert.False(entries[1].IsDeleted);

        _fixture.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new RetentionSweep(1, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));
        Assert.False(File.Exists(_fixture.Delivered("linux", "TS012345678_logs.zip", Bob)));
        Assert.All(await ReadEntriesAsync(), e => Assert.True(e.IsDeleted));
        Assert.Equal(new RetentionSweep(0, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Each_deletion_is_logged_with_path_route_and_account()
    {
        await _fixture.Open(Guest).DeliverAsync("/toibm/aix/boot.ini", [1]);
        _fixture.Time.Advance(Week + Tick);

        await _sweeper.SweepAsync(CancellationToken.None);

        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("/toibm/aix/boot.ini", entry.Properties["Path"]);
        Assert.Equal("lost", entry.Properties["Route"]);
        Assert.Equal("guest@example.com", entry.Properties["Account"]);
        Assert.Equal("Europe", entry.Properties["Site"]);
    }

    [Fact]
    public async Task The_retention_is_configurable()
    {
        _fixture.Options.Retention = TimeSpan.FromHours(2);
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [1]);

        _fixture.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await _sweeper.SweepAsync(CancellationToken.None)).DeletedFiles);
        _fixture.Time.Advance(Tick);
        Assert.Equal(1, (await _sweeper.SweepAsync(CancellationToken.None)).DeletedFiles);
    }

    [Fact]
    public async Task A_file_without_a_receipt_is_left_alone_and_reported_once()
    {
        var orphan = _fixture.Delivered("aix", "dropped-by-hand.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllBytesAsync(orphan, [1]);
        File.SetLastWriteTimeUtc(orphan, (_fixture.Time.GetUtcNow() - Week - TimeSpan.FromDays(1)).UtcDateTime);
        var young = _fixture.LegacyDelivered("aix", "young.zip");
        await File.WriteAllBytesAsync(young, [1]);
        File.SetLastWriteTimeUtc(young, _fixture.Time.GetUtcNow().UtcDateTime);

        Assert.Equal(new RetentionSweep(0, 0, 0, 1), await _sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(new RetentionSweep(0, 0, 0, 1), await _sweeper.SweepAsync(CancellationToken.None));

        Assert.True(File.Exists(orphan));
        Assert.True(File.Exists(young));
        var warning = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(orphan, warning.Properties["File"]);
        Assert.Empty(await ReadEntriesAsync());
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_receipt_is_left_alone()
    {
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [1, 2, 3]);
        var file = _fixture.Delivered("aix", "a.zip");
        await File.WriteAllBytesAsync(file, [9]);
        _fixture.Time.Advance(Week + Tick);

        Assert.Equal(new RetentionSweep(0, 0, 0, 1), await _sweeper.SweepAsync(CancellationToken.None));

        Assert.True(File.Exists(file));
        Assert.False((await ReadEntriesAsync())[0].IsDeleted);
        Assert.Contains("differs", Assert.Single(_logger.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_receipt_whose_file_is_gone_is_marked_deleted()
    {
        var receipt = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [1]);
        File.Delete(_fixture.Delivered("aix", "a.zip"));
        _fixture.Time.Advance(Week + Tick);

        Assert.Equal(new RetentionSweep(0, 0, 1, 0), await _sweeper.SweepAsync(CancellationToken.None));

        var entry = Assert.Single(await ReadEntriesAsync());
        Assert.Equal(ReceiptDeletion.Of(receipt, _fixture.Time.GetUtcNow(), alreadyGone: true), entry.Deletion);
    }

    [Fact]
    public async Task A_name_delivered_again_after_its_deletion_keeps_its_own_time()
    {
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [1]);
        _fixture.Time.Advance(Week + Tick);
        await _sweeper.SweepAsync(CancellationToken.None);
        var second = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [2, 2]);

        _fixture.Time.Advance(Week);
        Assert.Equal(new RetentionSweep(0, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));
        Assert.True(File.Exists(_fixture.Delivered("aix", "a.zip")));

        _fixture.Time.Advance(Tick);
        Assert.Equal(new RetentionSweep(1, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));
        var entries = await ReadEntriesAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal(second, entries[1].Receipt);
        Assert.All(entries, e => Assert.True(e.IsDeleted));
    }

    [Fact]
    public async Task An_older_receipt_for_a_name_never_deletes_a_later_delivery()
    {
        var first = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [1]);
        File.Delete(_fixture.Delivered("aix", "a.zip"));
        _fixture.Time.Advance(TimeSpan.FromDays(6));
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [7]);
        _fixture.Time.Advance(TimeSpan.FromDays(1) + Tick);

        Assert.Equal(new RetentionSweep(0, 0, 1, 0), await _sweeper.SweepAsync(CancellationToken.None));

        Assert.True(File.Exists(_fixture.Delivered("aix", "a.zip")));
        var entries = await ReadEntriesAsync();
        Assert.True(entries[0].Deletion!.AlreadyGone);
        Assert.Equal(first, entries[0].Receipt);
        Assert.False(entries[1].IsDeleted);
    }

    [Fact]
    public async Task A_receipt_naming_something_outside_the_uploads_deletes_nothing()
    {
        var fromIbm = Path.Combine(_fixture.FromIbm(Alice.Name), "report.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(fromIbm)!);
        await File.WriteAllBytesAsync(fromIbm, [1]);
        var forged = new Receipt($"/fromibm/{Alice.Name}/report.zip", 1, new string('0', 64), Alice.Name, false, "Europe", "ftps", "127.0.0.1", "s9", _fixture.Time.GetUtcNow(), _fixture.Time.GetUtcNow());
        await _fixture.Receipts.AppendAsync(forged, CancellationToken.None);
        await _fixture.Receipts.AppendAsync(forged with { Path = "/toibm/../../receipts.jsonl" }, CancellationToken.None);
        _fixture.Time.Advance(Week + Tick);

        Assert.Equal(new RetentionSweep(0, 0, 0, 2), await _sweeper.SweepAsync(CancellationToken.None));

        Assert.True(File.Exists(fromIbm));
        Assert.True(File.Exists(_fixture.Receipts.FilePath));
    }

    [Fact]
    public async Task The_same_name_from_two_accounts_expires_by_each_ones_receipt()
    {
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/TS012345678_logs.zip", [1]);
        _fixture.Time.Advance(TimeSpan.FromDays(6));
        await _fixture.Open(Bob).DeliverAsync("/toibm/aix/TS012345678_logs.zip", [2, 2]);
        _fixture.Time.Advance(TimeSpan.FromDays(1) + Tick);

        Assert.Equal(new RetentionSweep(1, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));

        Assert.False(File.Exists(_fixture.Delivered("aix", "TS012345678_logs.zip")));
        Assert.True(File.Exists(_fixture.Delivered("aix", "TS012345678_logs.zip", Bob)));
        var entries = await ReadEntriesAsync();
        Assert.True(entries[0].IsDeleted);
        Assert.False(entries[1].IsDeleted);
    }

    [Fact]
    public async Task Deliveries_from_before_account_folders_still_expire_by_their_receipts()
    {
        var file = _fixture.LegacyDelivered("aix", "34143.055.724.zip");
        await File.WriteAllBytesAsync(file, [1, 2]);
        var receipt = new Receipt("/toibm/aix/34143.055.724.zip", 2, new string('0', 64), Alice.Name, false, "Europe", "ftps", "127.0.0.1", "s9", _fixture.Time.GetUtcNow(), _fixture.Time.GetUtcNow());
        await _fixture.Receipts.AppendAsync(receipt, CancellationToken.None);
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/34143.055.724.zip", [3]);
        _fixture.Time.Advance(Week + Tick);

        Assert.Equal(new RetentionSweep(2, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));

        Assert.False(File.Exists(file));
        Assert.False(File.Exists(_fixture.Delivered("aix", "34143.055.724.zip")));
    }

    [Fact]
    public async Task An_account_folder_left_empty_is_removed()
    {
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [1]);
        var folder = Path.GetDirectoryName(_fixture.Delivered("aix", "a.zip"))!;
        _fixture.Time.Advance(Week + Tick);

        await _sweeper.SweepAsync(CancellationToken.None);

        Assert.False(Directory.Exists(folder));
        Assert.True(Directory.Exists(Path.GetDirectoryName(folder)));
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/a.zip", [2]);
        Assert.True(File.Exists(_fixture.Delivered("aix", "a.zip")));
    }

    [Theory]
    [InlineData("uploads/toibm/aix/../../../receipts.jsonl")]
    [InlineData("uploads/toibm/aix/E-BOB000002b/other.zip")]
    [InlineData("uploads/toibm/linux/E-BOB000002b/a.zip")]
    [InlineData("uploads/toibm/aix/.partial/a.zip")]
    [InlineData("/etc/passwd")]
    public async Task A_stored_path_that_does_not_fit_its_receipt_deletes_nothing(string storedPath)
    {
        var bobs = _fixture.Delivered("aix", "other.zip", Bob);
        Directory.CreateDirectory(Path.GetDirectoryName(bobs)!);
        await File.WriteAllBytesAsync(bobs, [1]);
        var forged = new Receipt("/toibm/aix/a.zip", 1, new string('0', 64), Alice.Name, false, "Europe", "ftps", "127.0.0.1", "s9", _fixture.Time.GetUtcNow(), _fixture.Time.GetUtcNow(), StoredPath: storedPath);
        await _fixture.Receipts.AppendAsync(forged, CancellationToken.None);
        _fixture.Time.Advance(Week + Tick);

        Assert.Equal(new RetentionSweep(0, 0, 0, 1), await _sweeper.SweepAsync(CancellationToken.None));

        Assert.True(File.Exists(bobs));
        Assert.True(File.Exists(_fixture.Receipts.FilePath));
    }

    [Fact]
    public async Task Interrupted_uploads_expire_by_their_last_write()
    {
        await _fixture.Open(Alice).AbandonAsync("/toibm/aix/stale.zip", [1, 2]);
        await _fixture.Open(Bob).AbandonAsync("/toibm/linux/fresh.zip", [3]);
        var stale = _fixture.Partial(Alice, "aix", "stale.zip");
        var fresh = _fixture.Partial(Bob, "linux", "fresh.zip");
        var now = _fixture.Time.GetUtcNow();
        File.SetLastWriteTimeUtc(stale, now.UtcDateTime);
        File.SetLastWriteTimeUtc(fresh, (now + TimeSpan.FromDays(1)).UtcDateTime);

        _fixture.Time.Advance(_fixture.Options.PartialRetention);
        Assert.Equal(new RetentionSweep(0, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));
        _fixture.Time.Advance(Tick);
        Assert.Equal(new RetentionSweep(0, 1, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(stale, entry.Properties["File"]);
        Assert.False(_fixture.Open(Alice).PartialLength(P("/toibm/aix/stale.zip")).Succeeded);
    }

    [Fact]
    public async Task A_partial_being_resumed_is_not_deleted()
    {
        var session = _fixture.Open(Alice);
        await session.AbandonAsync("/toibm/aix/big.zip", [1, 2, 3]);
        var partial = _fixture.Partial(Alice, "aix", "big.zip");
        File.SetLastWriteTimeUtc(partial, _fixture.Time.GetUtcNow().UtcDateTime);
        _fixture.Time.Advance(_fixture.Options.PartialRetention);

        var resumed = await session.BeginUploadAsync(new UploadRequest(P("/toibm/aix/big.zip"), UploadMode.Append, 0), CancellationToken.None);
        await using var upload = resumed.Value!;
        File.SetLastWriteTimeUtc(partial, (_fixture.Time.GetUtcNow() - _fixture.Options.PartialRetention).UtcDateTime);
        _fixture.Time.Advance(Tick);
        Assert.Equal(new RetentionSweep(0, 0, 0, 0), await _sweeper.SweepAsync(CancellationToken.None));
        Assert.True((await upload.WriteAsync(new byte[] { 4 }, CancellationToken.None)).Succeeded);
        var receipt = await upload.CommitAsync(CancellationToken.None);

        Assert.Equal(4, receipt.Value!.Size);
    }

    [Theory]
    [InlineData("00:00:59", "00:01:00")]
    [InlineData("36501.00:00:00", "00:00:01")]
    [InlineData("7.00:00:00", "00:00:00")]
    [InlineData("7.00:00:00", "1.00:00:01")]
    public void Retention_settings_out_of_range_are_refused_with_their_key(string retention, string interval)
    {
        var options = new DropBoxOptions
        {
            DataDirectory = _fixture.DataDirectory,
            Products = ["aix"],
            Retention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture),
            RetentionSweepInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
        };

        var error = Assert.Single(options.Validate());
        Assert.Matches("^EcurepServer:DropBox:Retention(SweepInterval)? must be between", error);
    }

    [Fact]
    public void Retention_defaults_to_seven_days_swept_hourly()
    {
        var options = new DropBoxOptions();
        Assert.Equal(Week, options.Retention);
        Assert.Equal(TimeSpan.FromHours(1), options.RetentionSweepInterval);
    }

    [Fact]
    public async Task Listing_marks_come_from_the_deletions_file_and_routes_from_the_receipts()
    {
        var receipt = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/12345,123,724.DUMP.ZIP", [1]);
        await _deletions.AppendAsync(ReceiptDeletion.Of(receipt with { Sha256 = new string('f', 64) }, _fixture.Time.GetUtcNow(), false), CancellationToken.None);

        var entry = Assert.Single(await ReadEntriesAsync());

        Assert.False(entry.IsDeleted);
        Assert.Equal(new Route(RouteKind.Pmr, Pmr: "12345.123.724"), entry.Route);
    }

    [Theory]
    [InlineData(null, 7)]
    [InlineData("1.00:00:00", 1)]
    public async Task Transcripts_are_deleted_once_last_written_longer_ago_than_their_retention(string? retention, int days)
    {
        var sweeper = new RetentionSweeper(
            _fixture.DropBox,
            new JsonLinesReceiptCatalog(_fixture.Receipts, _deletions),
            _logger,
            Microsoft.Extensions.Options.Options.Create(new TranscriptOptions { Retention = retention is null ? null : TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture) }));
        var now = _fixture.Time.GetUtcNow();
        var expired = Transcript(now - TimeSpan.FromDays(days) - TimeSpan.FromMinutes(1));
        var kept = Transcript(now - TimeSpan.FromDays(days) + TimeSpan.FromMinutes(1));
        var emptyDay = Path.Combine(_fixture.DataDirectory, "sessions", "2024-11-01");
        Directory.CreateDirectory(emptyDay);

        Assert.Equal(new RetentionSweep(0, 0, 0, 0, DeletedTranscripts: 1), await sweeper.SweepAsync(CancellationToken.None));

        Assert.False(File.Exists(expired));
        Assert.True(File.Exists(kept));
        Assert.False(Directory.Exists(emptyDay));
        Assert.Contains(_logger.Entries, entry => entry.Message.Contains("deleted the transcript", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sweep_whose_node_loses_the_retention_lock_stops_before_deleting_anything()
    {
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/34143.055.724.zip", [1, 2]);
        _fixture.Time.Advance(Week + Tick);
        var locks = new LockLostAtRenewal();
        var receipts = new GatedReceipts(new JsonLinesReceiptCatalog(_fixture.Receipts, _deletions));
        var sweeper = new RetentionSweeper(_fixture.DropBox, receipts, _logger, locks: locks);

        var sweep = sweeper.SweepAsync(CancellationToken.None);
        await receipts.Queried.Task.WaitAsync(Eventually.Deadline);
        _fixture.Time.Advance(new CatalogOptions().LeaseRenewInterval);
        await Eventually.TrueAsync(() => locks.Renewals == 1);
        receipts.Gate.SetResult();

        Assert.Equal(new RetentionSweep(0, 0, 0, 0), await sweep.WaitAsync(Eventually.Deadline));
        Assert.True(File.Exists(_fixture.Delivered("aix", "34143.055.724.zip")));
        Assert.Contains(_logger.Entries, entry => entry.Message.Contains("lost the retention lock", StringComparison.Ordinal));
    }

    /// <summary>A transcript of a session that began a moment before it was last written.</summary>
    private string Transcript(DateTimeOffset lastWritten)
    {
        var file = new Transcripts.TranscriptStore(_fixture.DataDirectory).FileOf(Transcripts.SessionIds.New(lastWritten - TimeSpan.FromMinutes(5)))!;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{}\n");
        File.SetLastWriteTimeUtc(file, lastWritten.UtcDateTime);
        return file;
    }

    private async Task<IReadOnlyList<ReceiptEntry>> ReadEntriesAsync() =>
        await ReceiptEntry.ReadAllAsync(_fixture.Receipts, _deletions, CancellationToken.None);

    /// <summary>Grants the retention lock, then refuses its renewal: the lease ran out and another node took it.</summary>
    private sealed class LockLostAtRenewal : ICatalogLocks
    {
        private int _asked;

        public int Renewals => Math.Max(0, Volatile.Read(ref _asked) - 1);

        public ValueTask<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Interlocked.Increment(ref _asked) == 1);

        public ValueTask ReleaseAsync(string name, string holder, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>The receipts, read only once the test opens the gate.</summary>
    private sealed class GatedReceipts(IReceiptCatalog inner) : IReceiptCatalog
    {
        public event Action? Appended
        {
            add => inner.Appended += value;
            remove => inner.Appended -= value;
        }

        public TaskCompletionSource Queried { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async IAsyncEnumerable<ReceiptEntry> QueryAsync(UploadQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Queried.TrySetResult();
            await Gate.Task;
            await foreach (var entry in inner.QueryAsync(query, cancellationToken))
            {
                yield return entry;
            }
        }

        public ValueTask<ReceiptEntry?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public ValueTask MarkDeletedAsync(ReceiptDeletion deletion, CancellationToken cancellationToken) => inner.MarkDeletedAsync(deletion, cancellationToken);

        public ValueTask<int> DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);

        public ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken) => inner.AppendAsync(receipt, cancellationToken);

        public IAsyncEnumerable<Receipt> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);
    }
}
