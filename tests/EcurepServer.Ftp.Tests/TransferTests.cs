using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using EcurepServer.Core.Uploads;
using EcurepServer.Ftp.Tests.Fakes;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

public sealed class TransferTests
{
    [Fact]
    public async Task Upload_over_a_protected_data_channel_is_delivered_byte_exact()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.CommandAsync("CWD /toibm/aix");
        var content = DataTransfers.RandomBytes(2 * 1024 * 1024 + 17);

        var (opening, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR 34143.055.724.zip", content, protect: true);

        Assert.Equal("150 Opening BINARY mode data connection for 34143.055.724.zip", opening.Lines[0]);
        Assert.Equal("226 Transfer complete", final.Lines[0]);
        var delivered = Assert.Single(server.DropBox.Delivered);
        Assert.Equal("/toibm/aix/34143.055.724.zip", delivered.Path.Value);
        Assert.Equal(content, delivered.Bytes);
        Assert.Equal("ftps", delivered.Context.Protocol);
    }

    [Fact]
    public async Task Protected_data_channel_is_tls_1_2_while_the_control_channel_may_be_tls_1_3()
    {
        // TLS 1.3 session tickets would sit unread in an uploading client and turn its close into a reset (lftp).
        // Only a site that does not require TLS session reuse offers TLS 1.3 on the control channel.
        await using var server = await TestServer.StartAsync(o => o.RequireTlsSessionReuse = false);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        using var socket = await FtpTestClient.ConnectDataAsync(await client.ExtendedPassiveAsync());
        await client.SendAsync("STOR /toibm/aix/protocol.bin");
        Assert.Equal(150, (await client.ReadReplyAsync()).Code);

        await using (var tls = await client.ProtectDataAsync(socket))
        {
            Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, tls.SslProtocol);
            await tls.WriteAsync(new byte[] { 1, 2, 3 });
            await DataTransfers.FinishAsync(tls);
        }

        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, client.ControlProtocol);
    }

    [Fact]
    public async Task Upload_over_a_clear_data_channel_with_pasv_is_delivered()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync(protectData: false);
        var content = DataTransfers.RandomBytes(1024 * 1024);

        var (_, final) = await DataTransfers.UploadAsync(client, await client.PassiveAsync(), "STOR /toibm/aix/f.bin", content, protect: false);

        Assert.Equal(226, final.Code);
        Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Fact]
    public async Task Upload_in_active_mode_is_delivered()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var content = DataTransfers.RandomBytes(64 * 1024);

        Assert.Equal("200 PORT command successful", (await client.CommandAsync($"EPRT |1|127.0.0.1|{port}|")).Lines[0]);
        await client.SendAsync("STOR /toibm/aix/active.bin");
        using var socket = await listener.AcceptAsync();
        Assert.Equal(150, (await client.ReadReplyAsync()).Code);
        await using (var tls = await client.ProtectDataAsync(socket))
        {
            await tls.WriteAsync(content);
            await DataTransfers.FinishAsync(tls);
        }

        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
        Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Fact]
    public async Task Killed_client_over_tls_delivers_nothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (socket, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/killed.bin", protect: true);
        await stream.WriteAsync(DataTransfers.RandomBytes(512 * 1024));
        await stream.FlushAsync();

        socket.Close();
        client.Kill();

        var upload = await WaitForSingleUploadEndAsync(server);
        Assert.False(upload.Committed);
        Assert.Empty(server.DropBox.Delivered);
    }

    [Fact]
    public async Task Killed_client_over_clear_data_delivers_nothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync(protectData: false);
        var (socket, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/killed.bin", protect: false);
        await stream.WriteAsync(DataTransfers.RandomBytes(512 * 1024));

        socket.Close();
        client.Kill();

        var upload = await WaitForSingleUploadEndAsync(server);
        Assert.False(upload.Committed);
    }

    [Fact]
    public async Task Tls_data_ending_without_close_notify_is_aborted_with_426()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (socket, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/cut.bin", protect: true);
        await stream.WriteAsync(DataTransfers.RandomBytes(100 * 1024));
        await stream.FlushAsync();

        socket.Close();

        Assert.Equal("426 Connection closed; transfer aborted", (await client.ReadReplyAsync()).Lines[0]);
        Assert.False((await WaitForSingleUploadEndAsync(server)).Committed);
        Assert.Equal(200, (await client.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Abor_during_an_upload_answers_426_then_226_and_delivers_nothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (_, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/abor.bin", protect: true);
        await using (stream)
        {
            await stream.WriteAsync(DataTransfers.RandomBytes(64 * 1024));
            await stream.FlushAsync();
            await Eventually.TrueAsync(() => server.DropBox.Uploads.Sum(u => u.Length) > 0, "data received");

            await client.SendAsync("ABOR");

            Assert.Equal(426, (await client.ReadReplyAsync()).Code);
            Assert.Equal("226 ABOR command successful", (await client.ReadReplyAsync()).Lines[0]);
        }

        Assert.False((await WaitForSingleUploadEndAsync(server)).Committed);
    }

    [Fact]
    public async Task Status_during_an_upload_is_answered_at_once()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (_, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/s.bin", protect: true);
        await using (stream)
        {
            await stream.WriteAsync(DataTransfers.RandomBytes(1000));
            await stream.FlushAsync();
            await Eventually.TrueAsync(() => server.DropBox.Uploads.Sum(u => u.Length) == 1000, "data received");

            var status = await client.CommandAsync("STAT");

            Assert.Contains("211-Transfer in progress: 1000 bytes", status.Lines);
            await DataTransfers.FinishAsync(stream);
        }

        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
    }

    [Fact]
    public async Task Status_after_the_data_connection_closed_reports_no_transfer_in_progress()
    {
        await using var server = await TestServer.StartAsync();
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.DropBox.CommitGate = commit.Task;
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (_, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/s.bin", protect: true);
        await using (stream)
        {
            await stream.WriteAsync(DataTransfers.RandomBytes(1000));
            await DataTransfers.FinishAsync(stream);
        }

        await server.DropBox.CommitReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var status = await client.CommandAsync("STAT");
        commit.SetResult();

        Assert.DoesNotContain(status.Lines, line => line.Contains("Transfer in progress", StringComparison.Ordinal));
        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
    }

    [Fact]
    public async Task Ascii_uploads_are_refused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.CommandAsync("TYPE A");
        await client.ExtendedPassiveAsync();

        var reply = await client.CommandAsync("STOR /toibm/aix/text.txt");

        Assert.Equal("550 Uploads must be made in binary mode (TYPE I); ASCII transfers would alter the file", reply.Lines[0]);
        Assert.Empty(server.DropBox.Requests);
    }

    [Fact]
    public async Task Ascii_uploads_are_stored_byte_exact_when_allowed()
    {
        await using var server = await TestServer.StartAsync(o => o.AllowAsciiUploads = true);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.CommandAsync("TYPE A");
        var content = Encoding.ASCII.GetBytes("line one\r\nline two\nline three\r\n");

        var (opening, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/t.txt", content, protect: true);

        Assert.Contains("ASCII", opening.Lines[0], StringComparison.Ordinal);
        Assert.Equal(226, final.Code);
        Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Fact]
    public async Task Upload_refused_by_core_gets_its_message()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.ExtendedPassiveAsync();

        var reply = await client.CommandAsync("STOR /toibm/file.zip");

        Assert.Equal("550 /toibm/file.zip: Permission denied", reply.Lines[0]);
        Assert.Empty(server.DropBox.Uploads);
    }

    [Fact]
    public async Task Upload_over_the_size_limit_gets_552()
    {
        await using var server = await TestServer.StartAsync();
        server.DropBox.MaxUploadBytes = 1000;
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (_, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/big.bin", protect: true);
        await using (stream)
        {
            try
            {
                await stream.WriteAsync(DataTransfers.RandomBytes(64 * 1024));
            }
            catch (IOException)
            {
                // The server may have closed the data connection already.
            }

            Assert.Equal("552 File too large", (await client.ReadReplyAsync()).Lines[0]);
        }

        Assert.Empty(server.DropBox.Delivered);
    }

    [Fact]
    public async Task Upload_crossing_the_quota_gets_552_with_the_quota_text()
    {
        await using var server = await TestServer.StartAsync();
        server.DropBox.QuotaLeft = 1000;
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (_, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/big.bin", protect: true);
        await using (stream)
        {
            try
            {
                await stream.WriteAsync(DataTransfers.RandomBytes(64 * 1024));
            }
            catch (IOException)
            {
                // The server may have closed the data connection already.
            }

            Assert.Equal("552 " + FakeDropBox.QuotaText, (await client.ReadReplyAsync()).Lines[0]);
        }

        var upload = Assert.Single(server.DropBox.Uploads);
        Assert.False(upload.Committed);
        Assert.Empty(upload.Bytes);
    }

    [Fact]
    public async Task The_next_chunk_is_received_while_the_last_is_still_being_written()
    {
        await using var server = await TestServer.StartAsync(o => o.TransferBufferBytes = 4096);
        var writes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.DropBox.WriteGate = writes.Task;
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync(protectData: false);
        var content = DataTransfers.RandomBytes(64 * 1024);

        // Sent before STOR, so all of it waits in the server's socket when the upload starts reading.
        using (var socket = await FtpTestClient.ConnectDataAsync(await client.PassiveAsync()))
        {
            await socket.SendAsync(content);
            socket.Shutdown(SocketShutdown.Send);
            Assert.Equal(150, (await client.CommandAsync("STOR /toibm/aix/overlap.bin")).Code);

            await WaitForStatusBytesAsync(client, 2 * 4096);
            writes.SetResult();
            Assert.Equal(226, (await client.ReadReplyAsync()).Code);
        }

        Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Fact]
    public async Task A_refused_chunk_is_answered_while_the_client_holds_its_data_connection_open()
    {
        await using var server = await TestServer.StartAsync(o => o.TransferBufferBytes = 4096);
        server.DropBox.MaxUploadBytes = 1000;
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (_, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/held.bin", protect: true);
        await using (stream)
        {
            await stream.WriteAsync(DataTransfers.RandomBytes(2000));
            await stream.FlushAsync();

            Assert.Equal("552 File too large", (await client.ReadReplyAsync().WaitAsync(Eventually.Deadline)).Lines[0]);
        }

        Assert.Empty(server.DropBox.Delivered);
    }

    [Fact]
    public async Task Upload_with_the_quota_used_up_gets_552_before_any_data()
    {
        await using var server = await TestServer.StartAsync();
        server.DropBox.QuotaLeft = 0;
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.ExtendedPassiveAsync();

        var reply = await client.CommandAsync("STOR /toibm/aix/next.bin");

        Assert.Equal(["552 " + FakeDropBox.QuotaText], reply.Lines);
        Assert.Empty(server.DropBox.Uploads);
        Assert.Equal(200, (await client.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Stor_without_a_data_command_gets_425()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        Assert.Equal(425, (await client.CommandAsync("STOR /toibm/aix/x")).Code);
    }

    [Fact]
    public async Task Clear_data_is_refused_with_521_when_protection_is_required()
    {
        await using var server = await TestServer.StartAsync(o => o.RequireProtectedData = true);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync(protectData: false);
        await client.ExtendedPassiveAsync();

        Assert.Equal(521, (await client.CommandAsync("STOR /toibm/aix/x")).Code);
    }

    [Fact]
    public async Task Data_tls_failure_after_150_gets_522()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        using var socket = await FtpTestClient.ConnectDataAsync(await client.ExtendedPassiveAsync());
        await client.SendAsync("STOR /toibm/aix/x");
        Assert.Equal(150, (await client.ReadReplyAsync()).Code);

        await socket.SendAsync("this is not a TLS client hello\r\n"u8.ToArray());

        Assert.Equal(522, (await client.ReadReplyAsync()).Code);
        Assert.False((await WaitForSingleUploadEndAsync(server)).Committed);
    }

    [Fact]
    public async Task Rest_then_stor_resumes_at_the_offset()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var rest = await client.CommandAsync("REST 1000");
        var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/r.bin", [1, 2, 3], protect: true);

        Assert.Equal("350 Restarting at 1000. Send STORE or RETRIEVE to initiate transfer", rest.Lines[0]);
        Assert.Equal(226, final.Code);
        Assert.Equal(new UploadRequest(Fakes.Paths.Of("/toibm/aix/r.bin"), UploadMode.Resume, 1000), Assert.Single(server.DropBox.Requests));
    }

    [Fact]
    public async Task Appe_appends()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "APPE /toibm/aix/a.bin", [1], protect: true);

        Assert.Equal(226, final.Code);
        Assert.Equal(UploadMode.Append, Assert.Single(server.DropBox.Requests).Mode);
    }

    [Fact]
    public async Task Stou_names_the_file_it_stored()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.CommandAsync("CWD /toibm/aix");

        var (opening, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOU", [1, 2], protect: true);

        Assert.Equal("150 FILE: upload.1", opening.Lines[0]);
        Assert.Equal("226 Transfer complete; stored as upload.1", final.Lines[0]);
        Assert.Equal("/toibm/aix/upload.1", Assert.Single(server.DropBox.Delivered).Path.Value);
    }

    [Fact]
    public async Task Server_stop_after_the_grace_period_aborts_the_upload()
    {
        var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (_, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/stop.bin", protect: true);
        await stream.WriteAsync(DataTransfers.RandomBytes(1000));
        await stream.FlushAsync();
        await Eventually.TrueAsync(() => server.DropBox.Uploads.Sum(u => u.Length) == 1000, "data received");

        await server.Server.StopAsync(new CancellationToken(canceled: true));

        Assert.Equal(426, (await client.ReadReplyAsync()).Code);
        Assert.Equal("421 Service not available, server shutting down", (await client.ReadReplyAsync()).Lines[0]);
        Assert.False(Assert.Single(server.DropBox.Uploads).Committed);
        await stream.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Server_stop_lets_a_running_upload_finish_within_the_grace_period()
    {
        var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await using var idle = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (_, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/grace.bin", protect: true);
        await stream.WriteAsync(DataTransfers.RandomBytes(1000));
        await stream.FlushAsync();
        await Eventually.TrueAsync(() => server.DropBox.Uploads.Sum(u => u.Length) == 1000, "data received");

        var stop = server.Server.StopAsync(CancellationToken.None);
        Assert.Equal(421, (await idle.ReadReplyAsync()).Code);
        await stream.WriteAsync(DataTransfers.RandomBytes(1000));
        await DataTransfers.FinishAsync(stream);
        await stream.DisposeAsync();

        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
        Assert.Equal(421, (await client.ReadReplyAsync()).Code);
        await stop;
        Assert.Equal(2000, Assert.Single(server.DropBox.Delivered).Length);
        await server.DisposeAsync();
    }

    private static async Task<Fakes.FakeUpload> WaitForSingleUploadEndAsync(TestServer server)
    {
        await Eventually.TrueAsync(() => server.DropBox.Uploads.Count == 1, "upload begun");
        var upload = server.DropBox.Uploads[0];
        await upload.Ended.WaitAsync(Eventually.Deadline);
        return upload;
    }

    /// <summary>Asks STAT until the transfer in progress has moved at least <paramref name="bytes"/> bytes.</summary>
    private static async Task WaitForStatusBytesAsync(FtpTestClient client, long bytes)
    {
        const string prefix = "211-Transfer in progress: ";
        var until = DateTime.UtcNow + Eventually.Deadline;
        while (true)
        {
            var status = await client.CommandAsync("STAT");
            var line = status.Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null && long.Parse(line[prefix.Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) >= bytes)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for {bytes} bytes in transfer; STAT said: {status}");
            await Task.Delay(20);
        }
    }
}
