using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>Each refused request gets its documented reply, the session goes on where it should, and nothing is written.</summary>
public sealed class RefusalTests(RefusalServer fixture) : IClassFixture<RefusalServer>
{
    private const string DataSessionRefusal = "522 Data connection refused: it must resume the TLS session of the control connection";

    private static readonly IPAddress ForeignHost = IPAddress.Parse("127.0.0.2");

    private ServerProcess Server => fixture.Server;

    [Theory]
    [InlineData("LIST")]
    [InlineData("NLST")]
    [InlineData("RETR boot.ini")]
    public async Task Reading_a_product_directory_is_refused(string command)
    {
        var before = Server.DataEntries();
        await using var client = await fixture.LoginAsync();
        Assert.Equal(250, (await client.CommandAsync("CWD toibm/aix")).Code);
        await client.PassiveAsync();

        var reply = await client.CommandAsync(command);

        Assert.Equal("550 toibm/aix is write-only: uploads are allowed, listing and reading are not.", Assert.Single(reply.Lines));
        Assert.Equal(before, Server.DataEntries());
    }

    [Theory]
    [InlineData("/", "STOR f.zip", "550 / is not writable. Uploads go into a product directory such as /toibm/aix.")]
    [InlineData("/toibm", "STOR f.zip", "550 /toibm is not writable. Uploads go into a product directory such as /toibm/aix.")]
    [InlineData("/toibm/aix", "STOR ../f.zip", "550 /toibm is not writable. Uploads go into a product directory such as /toibm/aix.")]
    [InlineData("/toibm/aix", "STOR ../../../../../../f.zip", "550 / is not writable. Uploads go into a product directory such as /toibm/aix.")]
    [InlineData("/toibm/aix", "STOR ../../../../tmp/f.zip", "550 /tmp is not writable. Uploads go into a product directory such as /toibm/aix.")]
    public async Task Uploads_outside_a_product_directory_are_refused(string directory, string command, string expected)
    {
        var before = Server.DataEntries();
        var workingDirectory = Directory.GetFileSystemEntries(Server.Root);
        await using var client = await fixture.LoginAsync();
        Assert.Equal(250, (await client.CommandAsync("CWD " + directory)).Code);
        var passive = await client.PassiveAsync();
        using var data = await FtpTestClient.ConnectDataAsync(passive);

        var reply = await client.CommandAsync(command);

        Assert.Equal(expected, Assert.Single(reply.Lines));
        Assert.Equal(before, Server.DataEntries());
        Assert.Equal(workingDirectory, Directory.GetFileSystemEntries(Server.Root));
    }

    [Fact]
    public async Task User_before_auth_is_refused()
    {
        var before = Server.DataEntries();
        await using var client = await FtpTestClient.ConnectAsync(Server.ControlEndPoint);

        Assert.Equal(["530 Please login with USER and PASS after AUTH TLS"], (await client.CommandAsync("USER " + RefusalServer.TransferId)).Lines);
        Assert.Equal(530, (await client.CommandAsync("PASS " + RefusalServer.Password)).Code);
        Assert.Equal(234, (await client.AuthTlsAsync()).Code);
        Assert.Equal(331, (await client.CommandAsync("USER " + RefusalServer.TransferId)).Code);
        Assert.Equal(before, Server.DataEntries());
    }

    [Theory]
    [InlineData("PORT 127,0,0,2,{0},{1}")]
    [InlineData("EPRT |1|127.0.0.2|{2}|")]
    public async Task Active_mode_to_another_host_is_refused(string template)
    {
        var before = Server.DataEntries();
        using var listener = new TcpListener(ForeignHost, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var client = await fixture.LoginAsync();

        var reply = await client.CommandAsync(string.Format(CultureInfo.InvariantCulture, template, port >> 8, port & 0xff, port));

        Assert.Equal(["501 PORT to a foreign address is not allowed"], reply.Lines);
        Assert.Equal(["425 Use PORT, PASV, EPRT or EPSV first"], (await client.CommandAsync("STOR /toibm/aix/active.bin")).Lines);
        Assert.False(listener.Pending());
        Assert.Equal(before, Server.DataEntries());
    }

    [Fact]
    public async Task Passive_connection_from_another_host_is_refused_and_no_partial_is_left()
    {
        var before = Server.DataEntries();
        await using var client = await fixture.LoginAsync();
        var passive = await client.PassiveAsync();
        using var foreign = await FtpTestClient.ConnectDataAsync(passive, from: ForeignHost);

        var reply = await client.CommandAsync("STOR /toibm/aix/foreign.bin");

        Assert.Equal(["425 Can't open data connection."], reply.Lines);
        Assert.Equal(0, await foreign.ReceiveAsync(new byte[1], SocketFlags.None));
        await Server.WaitForLogAsync(@"Data connection from foreign address 127\.0\.0\.2 to passive port \d+ closed");
        // Core's last word on the upload, whichever it is; then the data directory must be as before.
        await Server.WaitForLogAsync(@"Upload of /toibm/aix/foreign\.bin ended (before any data arrived|without commit)");
        Assert.Equal(before, Server.DataEntries());
        await Server.WaitForLogAsync(@"Upload of /toibm/aix/foreign\.bin ended before any data arrived; removed its empty partial file");
        Assert.Equal(["200 NOOP command successful"], (await client.CommandAsync("NOOP")).Lines);
    }

    [Fact]
    public async Task Command_line_of_10_KiB_is_refused()
    {
        var before = Server.DataEntries();
        await using var client = await fixture.LoginAsync();

        var reply = await client.CommandAsync("STOR /toibm/aix/" + new string('a', 10 * 1024));

        Assert.Equal(["500 Command line too long"], reply.Lines);
        Assert.Equal(["200 NOOP command successful"], (await client.CommandAsync("NOOP")).Lines);
        Assert.Equal(before, Server.DataEntries());
    }

    /// <summary>
    /// The attack of issue 10: a second client behind the victim's address (not logged in, with a TLS session of its
    /// own control connection) takes the victim's passive port first. Its handshake resumes its own session, not the
    /// victim's: 522, nothing written, no receipt; the victim's retry is delivered with the victim's bytes.
    /// </summary>
    [Fact]
    public async Task Upload_connection_taken_by_another_client_behind_the_same_address_gets_522_and_the_retry_delivers()
    {
        const string Name = "TS012345678_taken.bin";
        var before = Server.DataEntries();
        await using var victim = await fixture.LoginAsync();
        await using var attacker = await FtpTestClient.ConnectAsync(Server.ControlEndPoint);
        await attacker.AuthTlsAsync();
        var passive = await victim.PassiveAsync();
        using var stolen = await FtpTestClient.ConnectDataAsync(passive);

        await victim.SendAsync("STOR /toibm/aix/" + Name);
        Assert.Equal(150, (await victim.ReadReplyAsync()).Code);
        var attack = DataTransfers.OverTlsAsync(stolen, attacker.TlsName, tls => tls.WriteAsync(new byte[64 * 1024]).AsTask());

        Assert.Equal([DataSessionRefusal], (await victim.ReadReplyAsync()).Lines);
        await attack;
        await Server.WaitForLogAsync(@"Data connection from 127\.0\.0\.1:\d+ refused: its TLS session was not the control connection's: it resumed another one");
        await Server.WaitForLogAsync(@"Upload of /toibm/aix/TS012345678_taken\.bin ended before any data arrived; removed its empty partial file");
        Assert.Equal(before, Server.DataEntries());
        Assert.DoesNotContain(await Server.ReceiptsAsync(), r => r.GetProperty("path").GetString() == "/toibm/aix/" + Name);

        byte[] content = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];
        var (_, final) = await DataTransfers.UploadAsync(victim, await victim.PassiveAsync(), "STOR /toibm/aix/" + Name, content, protect: true);

        Assert.Equal(226, final.Code);
        Assert.Equal(content, await File.ReadAllBytesAsync(Server.DeliveredFile("aix", Name)));
        Assert.Single(await Server.ReceiptsAsync(), r => r.GetProperty("path").GetString() == "/toibm/aix/" + Name);
    }

    [Fact]
    public async Task Download_connection_of_a_fromibm_file_taken_by_another_client_gets_522_and_the_other_client_reads_nothing()
    {
        var file = Path.Combine(Server.Root, "fix-for-refusal.bin");
        await File.WriteAllTextAsync(file, "the victim's fix");
        var put = await Server.CliAsync(null, "fromibm", "put", RefusalServer.TransferId, file, "--name", "fix.bin");
        Assert.True(put.ExitCode == 0, put.ToString());
        await using var victim = await fixture.LoginAsync();
        var passive = await victim.PassiveAsync();
        using var stolen = await FtpTestClient.ConnectDataAsync(passive);

        await victim.SendAsync("RETR /fromibm/fix.bin");
        Assert.Equal(150, (await victim.ReadReplyAsync()).Code);
        var received = new MemoryStream();
        var attack = DataTransfers.OverTlsAsync(stolen, FtpTestClient.NewTlsName(), tls => tls.CopyToAsync(received));

        Assert.Equal([DataSessionRefusal], (await victim.ReadReplyAsync()).Lines);
        await attack;
        Assert.Equal(0, received.Length);
        await Server.WaitForLogAsync(@"Data connection from 127\.0\.0\.1:\d+ refused: its TLS session was not the control connection's: it started a new one");

        var (_, retried, final) = await DataTransfers.DownloadAsync(victim, await victim.PassiveAsync(), "RETR /fromibm/fix.bin", protect: true);

        Assert.Equal(226, final.Code);
        Assert.Equal("the victim's fix", System.Text.Encoding.UTF8.GetString(retried));
    }
}
