using EcurepServer.Sftp.Tests.Support;
using Microsoft.Extensions.Logging;
using static EcurepServer.Sftp.Tests.Support.SftpTestClient;

namespace EcurepServer.Sftp.Tests;

/// <summary>Bad input: a clear status and the session goes on, except where framing or order cannot be trusted.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly SftpFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _fixture.DisposeAsync().AsTask();

    [Fact]
    public async Task A_message_over_the_cap_ends_the_session_with_a_log_line()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/cut.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, new byte[10]));

        // Only the length arrives: the cap is checked before anything waits for, or allocates, the body.
        await client.SendRawAsync([0x00, 0x04, 0x00, 0x01, 6]);

        await client.Run.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<EndOfStreamException>(client.ReceiveAsync);
        var entry = Assert.Single(_fixture.Logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("a message of 262145 bytes exceeds the limit of 262144 bytes", entry.Message, StringComparison.Ordinal);
        Assert.Empty(_fixture.DeliveredNames("aix"));
    }

    [Fact]
    public async Task The_largest_write_a_client_may_send_is_accepted()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/max.bin", Write | Create | Truncate);

        ExpectOk(await client.WriteAsync(handle, 0, new byte[261120]));
        ExpectOk(await client.CloseAsync(handle));

        Assert.Equal(261120, new FileInfo(_fixture.Delivered("aix", "max.bin")).Length);
    }

    [Fact]
    public async Task Bad_handles_get_a_failure_and_the_session_goes_on()
    {
        var client = await _fixture.StartInitializedAsync();
        var directory = ExpectHandle(await client.OpendirAsync("/toibm"));

        var write = ReadStatus(await client.WriteAsync("nope"u8.ToArray(), 0, [1]));
        var close = ReadStatus(await client.CloseAsync([0, 0, 0, 99]));
        var read = ReadStatus(await client.ReadAsync([], 0, 10));
        var fsync = ReadStatus(await client.ExtendedAsync("fsync@openssh.com", p => p.String([1, 2])));
        var readDirectory = ReadStatus(await client.ReadAsync(directory, 0, 10));
        var writeDirectory = ReadStatus(await client.WriteAsync(directory, 0, [1]));

        Assert.Equal((Failure, "Invalid handle."), write);
        Assert.Equal((Failure, "Invalid handle."), close);
        Assert.Equal((Failure, "Invalid handle."), read);
        Assert.Equal((Failure, "Invalid handle."), fsync);
        Assert.Equal(Failure, ReadStatus(await client.OpenAsync("/toibm", Read)).Code);
        Assert.Equal((Failure, "Invalid handle."), ReadStatus(await client.RequestAsync(12, p => p.String([0, 0, 0, 0]))));
        Assert.Equal(Ok, ReadStatus(await client.CloseAsync(directory)).Code);
        Assert.Equal((Failure, "Invalid handle."), ReadStatus(await client.CloseAsync(directory)));
        Assert.Equal(PermissionDenied, readDirectory.Code);
        Assert.Equal(PermissionDenied, writeDirectory.Code);
        Assert.Equal(Reply.Name, (await client.RealpathAsync(".")).Type);
    }

    [Fact]
    public async Task Too_many_open_handles_fail_until_one_is_closed()
    {
        var client = await _fixture.StartInitializedAsync(options: new SftpOptions { MaxOpenHandles = 2 });
        var first = await client.OpenHandleAsync("/toibm/aix/1.bin", Write | Create | Truncate);
        ExpectHandle(await client.OpendirAsync("/"));

        var third = ReadStatus(await client.OpendirAsync("/toibm"));
        var fourth = ReadStatus(await client.OpenAsync("/toibm/aix/2.bin", Write | Create | Truncate));
        ExpectOk(await client.CloseAsync(first));

        Assert.Equal((Failure, "Too many open handles (at most 2); close some first."), third);
        Assert.Equal(Failure, fourth.Code);
        ExpectHandle(await client.OpendirAsync("/toibm"));
    }

    [Fact]
    public async Task A_request_before_init_ends_the_session()
    {
        var client = _fixture.Start();

        await client.SendAsync(16, p => p.String("."));

        await client.Run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(_fixture.Logger.Entries, e => e.Message.Contains("message type 16 arrived before SSH_FXP_INIT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_truncated_request_is_a_bad_message_and_the_session_goes_on()
    {
        var client = await _fixture.StartInitializedAsync();

        var truncated = ReadStatus(await client.RequestAsync(17, p => p.UInt32(100).UInt32(1)));
        var noFlags = ReadStatus(await client.RequestAsync(3, p => p.String("/toibm/aix/f")));

        Assert.Equal((BadMessage, "The request is shorter than its fields say."), truncated);
        Assert.Equal(BadMessage, noFlags.Code);
        Assert.Equal(Reply.Name, (await client.RealpathAsync(".")).Type);
    }

    [Fact]
    public async Task A_name_that_is_not_utf8_is_refused()
    {
        var client = await _fixture.StartInitializedAsync();

        var reply = ReadStatus(await client.RequestAsync(3, p => p.String([0x2F, 0xC3, 0x28]).UInt32(Write | Create).Attrs()));

        Assert.Equal((NoSuchFile, "Invalid path: names must be UTF-8."), reply);
    }

    [Fact]
    public async Task Fsync_puts_an_uploads_bytes_on_disk_without_delivering_it()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/s.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, new byte[1000]));
        var partial = Assert.Single(Directory.GetFiles(_fixture.DataDirectory, "s.bin", SearchOption.AllDirectories));
        Assert.Equal(0, new FileInfo(partial).Length);

        ExpectOk(await client.ExtendedAsync("fsync@openssh.com", p => p.String(handle)));

        Assert.Equal(1000, new FileInfo(partial).Length);
        Assert.Empty(_fixture.DeliveredNames("aix"));
    }

    [Fact]
    public async Task Fsync_with_a_gap_before_held_data_says_so_and_the_upload_goes_on()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/gap.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, new byte[5]));
        ExpectOk(await client.WriteAsync(handle, 10, new byte[5]));

        var gap = ReadStatus(await client.ExtendedAsync("fsync@openssh.com", p => p.String(handle)));

        Assert.Equal((Failure, "Bytes 5 to 10 of /toibm/aix/gap.bin have not arrived; the data after them is not on disk yet."), gap);
        ExpectOk(await client.WriteAsync(handle, 5, new byte[5]));
        ExpectOk(await client.ExtendedAsync("fsync@openssh.com", p => p.String(handle)));
        ExpectOk(await client.CloseAsync(handle));
        Assert.Equal(15, new FileInfo(_fixture.Delivered("aix", "gap.bin")).Length);
    }

    [Fact]
    public async Task Ending_the_session_ends_uploads_without_delivering_them()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/aix/open.bin", Write | Create | Truncate);
        ExpectOk(await client.WriteAsync(handle, 0, new byte[5]));
        ExpectOk(await client.WriteAsync(handle, 10, new byte[5]));

        await client.EndAsync();

        Assert.Empty(_fixture.DeliveredNames("aix"));
        Assert.Contains(_fixture.Logger.Entries, e => e.Message.StartsWith("SFTP session ended", StringComparison.Ordinal));
        var next = await _fixture.StartInitializedAsync();
        Assert.Equal(5ul, (await next.StatAsync("/toibm/aix/open.bin")).ReadAttrs().Size);
    }
}
