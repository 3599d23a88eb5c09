using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// A second client behind the victim's address (127.0.0.1 here) connects to the victim's passive port first and
/// does a TLS handshake of its own: a fresh one, or one resuming the session of its own control connection. The
/// server refuses the connection with 522 before any byte moves; the victim's retry then goes through.
/// </summary>
public sealed class DataTlsSessionTests
{
    private const string Refusal = "522 Data connection refused: it must resume the TLS session of the control connection";

    public static TheoryData<bool> AttackerResumesItsOwnSession => new() { false, true };

    [Theory]
    [MemberData(nameof(AttackerResumesItsOwnSession))]
    public async Task Upload_connection_taken_by_another_client_gets_522_delivers_nothing_and_the_retry_delivers(bool attackerResumes)
    {
        await using var server = await TestServer.StartAsync();
        await using var victim = await server.ConnectAsync();
        await victim.SecureLoginAsync();
        await using var attacker = await server.ConnectAsync();
        var attackerTlsName = await AttackerTlsNameAsync(attacker, attackerResumes);
        var port = await victim.ExtendedPassiveAsync();
        using var stolen = await FtpTestClient.ConnectDataAsync(port);
        using var victimData = await FtpTestClient.ConnectDataAsync(port);

        await victim.SendAsync("STOR /toibm/aix/TS012345678_victim.bin");
        Assert.Equal(150, (await victim.ReadReplyAsync()).Code);
        var attack = SendOverTlsAsync(stolen, attackerTlsName, DataTransfers.RandomBytes(64 * 1024));

        Assert.Equal(Refusal, (await victim.ReadReplyAsync()).Lines[0]);
        await attack;
        Assert.Empty(server.DropBox.Delivered);
        Assert.All(server.DropBox.Uploads, upload => Assert.Equal(0, upload.Length));
        var warning = Assert.Single(server.Log.Lines, line => line.StartsWith("Warning: Data connection from 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(attackerResumes ? "it resumed another one" : "it started a new one", warning, StringComparison.Ordinal);

        var content = DataTransfers.RandomBytes(256 * 1024);
        var (_, final) = await DataTransfers.UploadAsync(victim, await victim.ExtendedPassiveAsync(), "STOR /toibm/aix/TS012345678_victim.bin", content, protect: true);
        Assert.Equal(226, final.Code);
        Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Theory]
    [MemberData(nameof(AttackerResumesItsOwnSession))]
    public async Task Download_connection_taken_by_another_client_gets_522_and_the_other_client_reads_nothing(bool attackerResumes)
    {
        await using var server = await TestServer.StartAsync();
        await using var victim = await server.ConnectAsync();
        await victim.SecureLoginAsync();
        await using var attacker = await server.ConnectAsync();
        var attackerTlsName = await AttackerTlsNameAsync(attacker, attackerResumes);
        var port = await victim.ExtendedPassiveAsync();
        using var stolen = await FtpTestClient.ConnectDataAsync(port);

        await victim.SendAsync("RETR /toibm/0-README.txt");
        Assert.Equal(150, (await victim.ReadReplyAsync()).Code);
        var stolenBytes = ReadOverTlsAsync(stolen, attackerTlsName);

        Assert.Equal(Refusal, (await victim.ReadReplyAsync()).Lines[0]);
        Assert.Empty(await stolenBytes);

        var (_, content, final) = await DataTransfers.DownloadAsync(victim, await victim.ExtendedPassiveAsync(), "RETR /toibm/0-README.txt", protect: true);
        Assert.Equal(226, final.Code);
        Assert.Equal(Fakes.FakeDropBox.ReadmeText, System.Text.Encoding.UTF8.GetString(content));
    }

    [Fact]
    public async Task Data_connections_of_one_session_resume_its_control_session_again_and_again()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        for (var i = 0; i < 3; i++)
        {
            var content = DataTransfers.RandomBytes(1000 + i);
            var (_, final) = await DataTransfers.UploadAsync(client, await client.PassiveAsync(), $"STOR /toibm/aix/TS012345678_{i}.bin", content, protect: true);
            Assert.Equal(226, final.Code);
        }

        var (_, listing, listed) = await DataTransfers.DownloadAsync(client, await client.ExtendedPassiveAsync(), "NLST /toibm", protect: true);
        Assert.Equal(226, listed.Code);
        Assert.NotEmpty(listing);
        Assert.Equal(3, server.DropBox.Delivered.Count);
    }

    [Fact]
    public async Task Active_data_connection_that_starts_a_new_session_gets_522()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);

        Assert.Equal(200, (await client.CommandAsync($"EPRT |1|127.0.0.1|{((IPEndPoint)listener.LocalEndPoint!).Port}|")).Code);
        await client.SendAsync("STOR /toibm/aix/TS012345678_active.bin");
        using var socket = await listener.AcceptAsync();
        Assert.Equal(150, (await client.ReadReplyAsync()).Code);
        var attempt = SendOverTlsAsync(socket, FtpTestClient.NewTlsName(), [1, 2, 3]);

        Assert.Equal(Refusal, (await client.ReadReplyAsync()).Lines[0]);
        await attempt;
        Assert.Empty(server.DropBox.Delivered);
    }

    [Fact]
    public async Task A_site_that_does_not_require_session_reuse_takes_a_fresh_data_handshake()
    {
        await using var server = await TestServer.StartAsync(o => o.RequireTlsSessionReuse = false);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        using var socket = await FtpTestClient.ConnectDataAsync(await client.ExtendedPassiveAsync());
        await client.SendAsync("STOR /toibm/aix/TS012345678_fresh.bin");
        Assert.Equal(150, (await client.ReadReplyAsync()).Code);

        await using (var tls = await FtpTestClient.ProtectDataAsync(socket, FtpTestClient.NewTlsName()))
        {
            await tls.WriteAsync(new byte[] { 1, 2, 3 });
            await DataTransfers.FinishAsync(tls);
        }

        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
        Assert.Equal([1, 2, 3], Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Fact]
    public async Task The_control_channel_is_tls_1_2_where_session_reuse_is_required()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.AuthTlsAsync();

        Assert.Equal(SslProtocols.Tls12, client.ControlProtocol);
    }

    /// <summary>The name the attacker's data handshake uses: its own control connection's (AUTH TLS, no login) or a new one.</summary>
    private static async Task<string> AttackerTlsNameAsync(FtpTestClient attacker, bool resumeOwnSession)
    {
        if (!resumeOwnSession)
        {
            return FtpTestClient.NewTlsName();
        }

        await attacker.AuthTlsAsync();
        return attacker.TlsName;
    }

    /// <summary>The attacker's side: handshake, send, close_notify; whatever the server cuts short is fine.</summary>
    private static Task SendOverTlsAsync(Socket socket, string tlsName, byte[] content) =>
        DataTransfers.OverTlsAsync(socket, tlsName, async tls =>
        {
            await tls.WriteAsync(content);
            await DataTransfers.FinishAsync(tls);
        });

    private static async Task<byte[]> ReadOverTlsAsync(Socket socket, string tlsName)
    {
        var received = new MemoryStream();
        await DataTransfers.OverTlsAsync(socket, tlsName, tls => tls.CopyToAsync(received));
        return received.ToArray();
    }
}
