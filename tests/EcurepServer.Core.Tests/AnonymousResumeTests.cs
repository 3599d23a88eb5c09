using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Retention;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Uploads;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

/// <summary>
/// Interrupted anonymous uploads belong to the client address and the exact password text, and only for a few hours;
/// interrupted uploads of Transfer IDs for two days. Older ones cannot be resumed and retention deletes them.
/// </summary>
public sealed class AnonymousResumeTests : IDisposable
{
    private const string Name = "TS012345678_victim.zip";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.9");
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly DropBoxFixture _fixture = new();
    private readonly JsonLinesDeletionStore _deletions;
    private readonly RetentionSweeper _sweeper;

    public AnonymousResumeTests()
    {
        _deletions = new JsonLinesDeletionStore(Path.Combine(_fixture.DataDirectory, "deletions.jsonl"));
        _sweeper = new RetentionSweeper(_fixture.DropBox, new JsonLinesReceiptCatalog(_fixture.Receipts, _deletions), new ListLogger<RetentionSweeper>());
    }

    public void Dispose()
    {
        _deletions.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task The_same_email_from_another_address_cannot_find_resume_or_complete_the_victims_upload()
    {
        var victim = _fixture.Open(Guest);
        await victim.AbandonAsync($"/toibm/aix/{Name}", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        var attacker = _fixture.Open(Guest, from: Attacker);
        var path = P($"/toibm/aix/{Name}");

        Assert.Equal(RefusalKind.NotFound, attacker.PartialLength(path).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, attacker.Stat(path).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, (await attacker.BeginUploadAsync(new UploadRequest(path, UploadMode.Resume, 10), None)).Refusal!.Kind);

        // APPE starts the attacker's own upload at byte 0 and delivers it as the attacker's, not into the victim's.
        await using (var appended = (await attacker.BeginUploadAsync(new UploadRequest(path, UploadMode.Append), None)).Value!)
        {
            Assert.Equal(0, appended.Length);
            await appended.WriteAsync(new byte[] { 66 }, None);
            Assert.True((await appended.CommitAsync(None)).Succeeded);
        }

        Assert.False(File.Exists(_fixture.Delivered("aix", Name, Guest)));
        Assert.Equal(10, victim.PartialLength(path).Value);
        var resumed = (await _fixture.Open(Guest).BeginUploadAsync(new UploadRequest(path, UploadMode.Append), None)).Value!;
        await using (resumed)
        {
            await resumed.WriteAsync(new byte[] { 11 }, None);
            Assert.True((await resumed.CommitAsync(None)).Succeeded);
        }

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", Name, Guest)));
        var receipts = await _fixture.ReadReceiptsAsync();
        Assert.Equal(["198.51.100.9", "192.0.2.7"], receipts.Select(r => r.ClientAddress));
        Assert.Equal([1L, 11L], receipts.Select(r => r.Size));
        Assert.NotEqual(receipts[0].StoredPath, receipts[1].StoredPath);
    }

    [Fact]
    public async Task The_same_address_with_other_password_text_does_not_find_it_but_the_mapped_ipv4_form_does()
    {
        await _fixture.Open(Guest).AbandonAsync($"/toibm/aix/{Name}", [1, 2]);
        var path = P($"/toibm/aix/{Name}");

        Assert.False(_fixture.Open(Guest with { AnonymousEmail = "Guest@Example.com" }).PartialLength(path).Succeeded);
        Assert.False(_fixture.Open(new Principal("ftp", IsAnonymous: true, AnonymousEmail: "guest")).PartialLength(path).Succeeded);
        Assert.Equal(2, _fixture.Open(Guest, from: IPAddress.Parse("192.0.2.7")).PartialLength(path).Value);
        Assert.Equal(2, _fixture.Open(new Principal("ftp", IsAnonymous: true, AnonymousEmail: "guest@example.com")).PartialLength(path).Value);
    }

    [Fact]
    public async Task An_anonymous_upload_can_be_resumed_for_hours_only_and_is_then_deleted()
    {
        await _fixture.Open(Guest).AbandonAsync($"/toibm/aix/{Name}", [1, 2, 3]);
        var partial = _fixture.Partial(Guest, "aix", Name);
        File.SetLastWriteTimeUtc(partial, _fixture.Time.GetUtcNow().UtcDateTime);
        var path = P($"/toibm/aix/{Name}");

        _fixture.Time.Advance(TimeSpan.FromHours(4));
        Assert.Equal(3, _fixture.Open(Guest).PartialLength(path).Value);
        Assert.Equal(new RetentionSweep(0, 0, 0, 0), await _sweeper.SweepAsync(None));

        _fixture.Time.Advance(Tick);
        var late = _fixture.Open(Guest);
        Assert.Equal(RefusalKind.NotFound, late.PartialLength(path).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, late.Stat(path).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, (await late.BeginUploadAsync(new UploadRequest(path, UploadMode.Resume, 3), None)).Refusal!.Kind);
        Assert.Equal(new RetentionSweep(0, 1, 0, 0), await _sweeper.SweepAsync(None));
        Assert.False(File.Exists(partial));
        Assert.False(Directory.Exists(Path.GetDirectoryName(partial)));
    }

    [Fact]
    public async Task An_expired_partial_is_not_continued_by_append()
    {
        await _fixture.Open(Guest).AbandonAsync($"/toibm/aix/{Name}", [1, 2, 3]);
        File.SetLastWriteTimeUtc(_fixture.Partial(Guest, "aix", Name), _fixture.Time.GetUtcNow().UtcDateTime);
        _fixture.Time.Advance(TimeSpan.FromHours(4) + Tick);

        await using var fresh = (await _fixture.Open(Guest).BeginUploadAsync(new UploadRequest(P($"/toibm/aix/{Name}"), UploadMode.Append), None)).Value!;
        await fresh.WriteAsync(new byte[] { 7 }, None);
        Assert.Equal(1, (await fresh.CommitAsync(None)).Value!.Size);
    }

    [Fact]
    public async Task A_transfer_ids_upload_can_be_resumed_for_two_days_and_is_then_deleted()
    {
        await _fixture.Open(Alice).AbandonAsync("/toibm/aix/big.zip", [1, 2, 3]);
        var partial = _fixture.Partial(Alice, "aix", "big.zip");
        File.SetLastWriteTimeUtc(partial, _fixture.Time.GetUtcNow().UtcDateTime);

        _fixture.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(3, _fixture.Open(Alice).PartialLength(P("/toibm/aix/big.zip")).Value);
        Assert.Equal(new RetentionSweep(0, 0, 0, 0), await _sweeper.SweepAsync(None));

        _fixture.Time.Advance(Tick);
        Assert.False(_fixture.Open(Alice).PartialLength(P("/toibm/aix/big.zip")).Succeeded);
        Assert.Equal(new RetentionSweep(0, 1, 0, 0), await _sweeper.SweepAsync(None));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public void The_windows_are_options_cut_to_the_retention()
    {
        var defaults = new DropBoxOptions();
        Assert.Equal(TimeSpan.FromDays(2), defaults.PartialRetention);
        Assert.Equal(TimeSpan.FromHours(4), defaults.AnonymousPartialRetention);

        var options = new DropBoxOptions
        {
            DataDirectory = _fixture.DataDirectory,
            Products = ["aix"],
            Retention = TimeSpan.FromDays(1),
            PartialRetention = TimeSpan.FromDays(40000),
            AnonymousPartialRetention = TimeSpan.FromSeconds(59),
        };

        Assert.Equal(
            [
                "EcurepServer:DropBox:PartialRetention must be between 00:01:00 and 36500.00:00:00, not 40000.00:00:00.",
                "EcurepServer:DropBox:AnonymousPartialRetention must be between 00:01:00 and 36500.00:00:00, not 00:00:59.",
            ],
            options.Validate());

        // Above the retention of deliveries is allowed, and cut to it, so a short Retention needs no second setting.
        options.PartialRetention = TimeSpan.FromDays(2);
        options.AnonymousPartialRetention = TimeSpan.FromHours(4);
        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromDays(1), options.PartialRetentionFor(anonymous: false));
        Assert.Equal(TimeSpan.FromHours(4), options.PartialRetentionFor(anonymous: true));
    }
}
