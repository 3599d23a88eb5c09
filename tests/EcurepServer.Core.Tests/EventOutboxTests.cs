using System.Net;
using System.Security.Cryptography;
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

    [Fact]
    public async Task A_delivery_queues_one_event_per_sink_of_its_site_before_the_commit_returns()
    {
        var receipt = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/TS012345678_logs.zip", RandomNumberGenerator.GetBytes(100));

        var queued = Assert.Single(_fixture.Events.Pending("everywhere"));
        Assert.Empty(_fixture.Events.Pending("asia"));
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
        Assert.Empty(_fixture.Events.List());
    }

    [Fact]
    public async Task A_failed_event_keeps_its_error_until_retry_puts_it_back_with_a_new_retry_time()
    {
        await _fixture.Open(Alice).DeliverAsync("/toibm/aix/TS012345678_logs.zip", RandomNumberGenerator.GetBytes(100));
        var queued = Assert.Single(_fixture.Events.Pending("everywhere"));

        await _fixture.Events.MarkFailedAsync(queued, "exited with 3", CancellationToken.None);
        var failed = Assert.Single(_fixture.Events.List(EventState.Failed));
        Assert.Equal("exited with 3", failed.LastError);
        Assert.Empty(_fixture.Events.List(EventState.Pending));

        _fixture.Time.Advance(TimeSpan.FromHours(30));
        Assert.Equal(0, _fixture.Events.Retry("../../receipts"));
        Assert.Equal(1, _fixture.Events.Retry(queued.Id));

        var retried = Assert.Single(_fixture.Events.Pending("everywhere"));
        Assert.Equal(queued.Id, retried.Id);
        Assert.Null(retried.LastError);
        Assert.Equal(_fixture.Time.GetUtcNow(), retried.CreatedUtc);
        _fixture.Events.MarkDelivered(retried);
        Assert.Equal(EventState.Delivered, Assert.Single(_fixture.Events.List()).State);
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
