using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Events;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Uploads;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

/// <summary>The durable outbox: a delivery queues its events before it is acknowledged, an undone one takes them back; failed events wait for a retry.</summary>
public sealed class EventOutboxTests : IDisposable
{
    private static readonly EventOptions TwoSinks = new()
    {
        Sinks = new(StringComparer.Ordinal)
        {
            ["everywhere"] = new EventSinkOptions { Type = EventSinkOptions.CommandType, Command = "/bin/true" },
            ["asia"] = new EventSinkOptions { Type = EventSinkOptions.CommandType, Command = "/bin/true", Sites = ["AsiaPacific"] },
        },
    };

    private readonly FailingReceiptStore _store;
    private readonly DropBoxFixture _fixture;

    public EventOutboxTests()
    {
        FailingReceiptStore? store = null;
        _fixture = new DropBoxFixture(receipts: inner => store = new FailingReceiptStore(inner), events: TwoSinks);
        _store = store!;
    }

    public void Dispose() => _fixture.Dispose();

    private async Task<IReadOnlyList<OutboxEvent>> PendingAsync(string sink) =>
        [.. (await _fixture.Events.ListAsync([EventState.Pending], CancellationToken.None)).Where(e => e.Sink == sink)];

    private static void WriteEventFile(string folder, OutboxEvent outboxEvent)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{outboxEvent.Id}.{outboxEvent.Sink}.json"), JsonSerializer.Serialize(outboxEvent, EventsJsonContext.Default.OutboxEvent));
    }

    [Fact]
    public async Task A_delivery_queues_one_event_per_sink_of_its_site_before_the_commit_returns()
    {
        var receipt = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/TS012345678_logs.zip", RandomNumberGenerator.GetBytes(100));

        var queued = Assert.Single(await PendingAsync("everywhere"));
        Assert.Empty(await PendingAsync("asia"));
        Assert.Equal(receipt, queued.Receipt);
        Assert.Equal(OutboxEvent.UploadDelivered, queued.Kind);
        Assert.Equal(_fixture.Delivered("aix", "TS012345678_logs.zip"), queued.DeliveredFile);
        Assert.True(EventOutbox.IsId(queued.Id));
        Assert.Equal(EventState.Pending, queued.State);
    }

    [Fact]
    public async Task An_undone_delivery_takes_its_queued_event_back()
    {
        _store.Failure = () => new IOException("receipts.jsonl: I/O error", 5);
        var begun = await _fixture.Open(Alice).BeginUploadAsync(new UploadRequest(P("/toibm/aix/TS012345678_logs.zip"), UploadMode.Create, 0), CancellationToken.None);
        Assert.True(begun.Succeeded);
        await using var upload = begun.Value!;
        await upload.WriteAsync(RandomNumberGenerator.GetBytes(100), CancellationToken.None);

        var committed = await upload.CommitAsync(CancellationToken.None);

        Assert.False(committed.Succeeded);
        Assert.Empty(await _fixture.Events.ListAsync([], CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_event_keeps_its_error_until_retry_puts_it_back_with_a_new_retry_time()
    {
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/TS012345678_logs.zip", RandomNumberGenerator.GetBytes(100));
        var queued = Assert.Single(await PendingAsync("everywhere"));

        await _fixture.Events.MarkFailedAsync(queued, "exited with 3", CancellationToken.None);
        var failed = Assert.Single(await _fixture.Events.ListAsync([EventState.Failed], CancellationToken.None));
        Assert.Equal("exited with 3", failed.LastError);
        Assert.Empty(await _fixture.Events.ListAsync([EventState.Pending], CancellationToken.None));

        _fixture.Time.Advance(TimeSpan.FromHours(30));
        Assert.Equal(0, await _fixture.Events.RetryAsync("../../receipts", CancellationToken.None));
        Assert.Equal(1, await _fixture.Events.RetryAsync(queued.Id, CancellationToken.None));

        var retried = Assert.Single(await PendingAsync("everywhere"));
        Assert.Equal(queued.Id, retried.Id);
        Assert.Null(retried.LastError);
        Assert.Equal(_fixture.Time.GetUtcNow(), retried.CreatedUtc);
        await _fixture.Events.MarkDeliveredAsync(retried, CancellationToken.None);
        Assert.Equal(EventState.Delivered, Assert.Single(await _fixture.Events.ListAsync([], CancellationToken.None)).State);
    }

    [Fact]
    public async Task An_upgrade_imports_the_pending_and_failed_event_files_once_and_keeps_the_folder_read_only()
    {
        var receipt = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/TS012345678_logs.zip", RandomNumberGenerator.GetBytes(100));
        var pending = new OutboxEvent(Guid.NewGuid().ToString(), "everywhere", OutboxEvent.UploadDelivered, _fixture.Time.GetUtcNow(), "/data/a", receipt);
        var failed = pending with { Id = Guid.NewGuid().ToString(), LastError = "exited with 3" };
        var folder = Path.Combine(_fixture.DataDirectory, "events");
        WriteEventFile(Path.Combine(folder, "pending"), pending);
        WriteEventFile(Path.Combine(folder, "failed"), failed);
        WriteEventFile(Path.Combine(folder, "delivered"), pending with { Id = Guid.NewGuid().ToString() });
        File.WriteAllText(Path.Combine(folder, "pending", "cut-short.json.tmp"), "{");

        var (added, backup) = await EventFileImport.RunAsync(_fixture.DataDirectory, _fixture.EventCatalog, ".imported", CancellationToken.None);

        Assert.Equal(2, added);
        Assert.Equal(folder + ".imported", backup);
        Assert.False(Directory.Exists(folder));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(backup!, "failed", $"{failed.Id}.everywhere.json")));
        }

        var imported = await _fixture.Events.ListAsync([EventState.Failed], CancellationToken.None);
        Assert.Equal("exited with 3", Assert.Single(imported).LastError);
        Assert.Contains(await PendingAsync("everywhere"), e => e.Id == pending.Id && e.Receipt == receipt);
        Assert.Equal((0, null), await EventFileImport.RunAsync(_fixture.DataDirectory, _fixture.EventCatalog, ".imported", CancellationToken.None));
    }

    [Fact]
    public void Sinks_are_validated_naming_their_keys()
    {
        var options = new EventOptions
        {
            Sinks = new(StringComparer.Ordinal)
            {
                ["hook"] = new EventSinkOptions { Type = EventSinkOptions.WebhookType, Url = "ftp://example.com/", Secret = "short" },
                ["bad name"] = new EventSinkOptions { Type = "mail" },
                ["run"] = new EventSinkOptions { Type = EventSinkOptions.CommandType, Timeout = TimeSpan.Zero },
            },
            FirstRetryDelay = TimeSpan.FromMinutes(10),
        };

        Assert.Equal(
            [
                "EcurepServer:Events:Sinks:hook:Url: 'ftp://example.com/' is not an http:// or https:// URL.",
                "EcurepServer:Events:Sinks:hook:Secret: must be at least 16 characters (the HMAC-SHA256 key of the signature header).",
                "EcurepServer:Events:Sinks:bad name: the name must be 1 to 64 letters, digits, - and _.",
                "EcurepServer:Events:Sinks:bad name:Type must be webhook or command, not 'mail'.",
                "EcurepServer:Events:Sinks:run:Command must name the program to run.",
                "EcurepServer:Events:Sinks:run:Timeout must be positive and at most 01:00:00, not 00:00:00.",
                "EcurepServer:Events:FirstRetryDelay must be positive and at most MaxRetryDelay, not 00:10:00 (MaxRetryDelay 00:05:00).",
            ],
            options.Validate());
    }

    [Fact]
    public void The_transfer_log_line_of_an_aborted_anonymous_sftp_upload_has_the_vsftpd_fields()
    {
        var session = new SessionContext("s1", "Europe", "sftp", new IPEndPoint(ClientAddress, 50000));

        var line = TransferLog.Line(new DateTimeOffset(2026, 12, 3, 8, 5, 9, TimeSpan.Zero), session, Guest, "/toibm/aix/my file.zip", 4096, TimeSpan.FromMilliseconds(300), completed: false);

        Assert.Equal("Thu Dec  3 08:05:09 2026 1 192.0.2.7 4096 /toibm/aix/my_file.zip b _ i a guest@example.com sftp 0 * i", line);
    }
}
