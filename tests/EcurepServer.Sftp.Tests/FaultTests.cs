using EcurepServer.Core.Faults;
using EcurepServer.Sftp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static EcurepServer.Sftp.Tests.Support.SftpTestClient;

namespace EcurepServer.Sftp.Tests;

/// <summary>
/// Fault rules at SFTP requests and as an upload grows: what the client is sent, that a faulted upload is never
/// delivered (not even by its CLOSE), and that a rule added while a session runs applies at its next request.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private const string NoRoom = "The server has no room left to store /toibm/aix/full.bin; please try again later.";

    private readonly SftpFixture _fixture = new();
    private readonly FaultRegistry _faults = new(TimeProvider.System, NullLogger<FaultRegistry>.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _fixture.DisposeAsync().AsTask();

    [Fact]
    public async Task Disk_full_on_write_answers_the_no_room_text_and_the_close_delivers_nothing()
    {
        await _faults.AddAsync(Rule("write", new FaultAction(FaultActionKind.DiskFull)), CancellationToken.None);
        var client = await StartAsync();
        var handle = await client.OpenHandleAsync("toibm/aix/full.bin", Write | Create | Truncate);

        var written = ReadStatus(await client.WriteAsync(handle, 0, new byte[1000]));
        var closed = ReadStatus(await client.CloseAsync(handle));

        Assert.Equal((Failure, NoRoom), written);
        Assert.Equal(Failure, closed.Code);
        Assert.False(File.Exists(_fixture.Delivered("aix", "full.bin")));
        Assert.Empty(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task A_rule_added_while_the_session_runs_applies_at_its_next_request()
    {
        var client = await StartAsync();
        var handle = await client.OpenHandleAsync("toibm/aix/late.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, new byte[1000]));

        var rule = await _faults.AddAsync(Rule("write", new FaultAction(FaultActionKind.Reply, Code: 4, Text: "Injected write failure")), CancellationToken.None);
        var failed = ReadStatus(await client.WriteAsync(handle, 1000, new byte[1000]));
        var fired = Assert.Single(await _faults.ListAsync(CancellationToken.None)).Fired;
        Assert.True(await _faults.RemoveAsync(rule.Id!, CancellationToken.None));
        var later = ReadStatus(await client.WriteAsync(handle, 2000, new byte[1000]));

        Assert.Equal((Failure, "Injected write failure"), failed);
        Assert.Equal(Failure, later.Code);
        Assert.Equal(Failure, ReadStatus(await client.CloseAsync(handle)).Code);
        Assert.False(File.Exists(_fixture.Delivered("aix", "late.bin")));
        Assert.Equal(1, fired);
    }

    [Fact]
    public async Task After_bytes_fires_once_the_upload_passes_its_length_and_a_disconnect_ends_the_session()
    {
        await _faults.AddAsync(Rule("after-bytes 1500", new FaultAction(FaultActionKind.Disconnect)), CancellationToken.None);
        var client = await StartAsync();
        var handle = await client.OpenHandleAsync("toibm/aix/cut.bin", Write | Create | Truncate);

        ExpectOk(await client.WriteAsync(handle, 0, new byte[1000]));
        await client.SendAsync(6, p => p.String(handle).UInt64(1000).String(new byte[1000]));

        await client.Run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(_fixture.Delivered("aix", "cut.bin")));
        Assert.Empty(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task A_corrupt_reply_is_a_status_message_cut_short_after_its_id()
    {
        await _faults.AddAsync(Rule("realpath", new FaultAction(FaultActionKind.CorruptReply)), CancellationToken.None);
        var client = await StartAsync();

        var reply = await client.RealpathAsync(".");

        Assert.Equal(Reply.Status, reply.Type);
        Assert.Equal(4, reply.Body.Length);
    }

    private Task<SftpTestClient> StartAsync() =>
        _fixture.StartInitializedAsync(sharedSubsystem: _fixture.CreateSubsystem(faults: _faults));

    private static FaultRule Rule(string point, FaultAction action) =>
        new(new FaultMatch(), FaultPoint.Parse(point, out _)!, action);
}
