using System.Text;
using EcurepServer.Ftp.Tests.Fakes;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

public sealed class ListingTests
{
    [Fact]
    public async Task List_shows_ls_lines_with_permissions_from_access()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var (opening, content, final) = await DataTransfers.DownloadAsync(client, await client.ExtendedPassiveAsync(), "LIST -la /toibm", protect: true);

        var lines = Encoding.UTF8.GetString(content).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(150, opening.Code);
        Assert.Equal(226, final.Code);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^-r--r--r-- 1 ftp ftp +\d+ Jan 02  2026 0-README.txt$", lines[0]);
        Assert.StartsWith("d-wx-wx-wx 1 ftp ftp", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" aix", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_a_write_only_directory_is_refused_by_core()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.ExtendedPassiveAsync();

        Assert.Equal("550 /toibm/aix: Permission denied", (await client.CommandAsync("LIST /toibm/aix")).Lines[0]);
        await client.ExtendedPassiveAsync();
        Assert.Equal(550, (await client.CommandAsync("MLSD /toibm/aix")).Code);
    }

    [Fact]
    public async Task Nlst_and_mlsd_over_a_clear_channel()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync(protectData: false);
        await client.CommandAsync("CWD /toibm");

        var (_, names, _) = await DataTransfers.DownloadAsync(client, await client.PassiveAsync(), "NLST", protect: false);
        var (_, facts, final) = await DataTransfers.DownloadAsync(client, await client.ExtendedPassiveAsync(), "MLSD", protect: false);

        Assert.Equal("0-README.txt\r\naix\r\n", Encoding.UTF8.GetString(names));
        Assert.Equal(
            "type=file;size=46;modify=20260102030405;perm=r; 0-README.txt\r\ntype=dir;size=4096;modify=20260102030405;perm=ec; aix\r\n",
            Encoding.UTF8.GetString(facts));
        Assert.Equal(226, final.Code);
    }

    [Fact]
    public async Task Mlst_size_and_mdtm_answer_on_the_control_channel()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var mlst = await client.CommandAsync("MLST /toibm");
        var size = await client.CommandAsync("SIZE /toibm/0-README.txt");
        var mdtm = await client.CommandAsync("MDTM /toibm/0-README.txt");
        var missing = await client.CommandAsync("SIZE /toibm/aix/none.zip");
        server.DropBox.Partials["/toibm/aix/part.zip"] = 1234;
        var partial = await client.CommandAsync("SIZE /toibm/aix/part.zip");

        Assert.Equal(["250-Listing /toibm", " type=dir;size=4096;modify=20260102030405;perm=el; /toibm", "250 End"], mlst.Lines);
        Assert.Equal("213 46", size.Lines[0]);
        Assert.Equal("213 20260102030405", mdtm.Lines[0]);
        Assert.Equal(550, missing.Code);
        Assert.Equal("213 1234", partial.Lines[0]);
    }

    [Fact]
    public async Task Retr_sends_the_readme()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var (opening, content, final) = await DataTransfers.DownloadAsync(client, await client.ExtendedPassiveAsync(), "RETR /toibm/0-README.txt", protect: true);

        Assert.Equal("150 Opening BINARY mode data connection for 0-README.txt", opening.Lines[0]);
        Assert.Equal(FakeDropBox.ReadmeText, Encoding.UTF8.GetString(content));
        Assert.Equal("226 Transfer complete", final.Lines[0]);
    }

    [Fact]
    public async Task Retr_of_a_directory_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.ExtendedPassiveAsync();

        Assert.Equal(550, (await client.CommandAsync("RETR /toibm/aix")).Code);
    }
}
