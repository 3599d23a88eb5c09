using System.Text;
using EcurepServer.Ftp.Protocol;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// Old clients: TYPE L 8 (RFC 1123 4.1.2.1 requires it; it is Image), file names in raw 8-bit bytes (Latin-1), and
/// OPTS UTF8 OFF. The name is stored in its UTF-8 form; the parsed line keeps the bytes as they came.
/// </summary>
public sealed class LegacyClientTests
{
    [Fact]
    public async Task Type_l_8_is_binary_and_an_upload_in_it_is_delivered()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        Assert.Equal(200, (await client.CommandAsync("TYPE A")).Code);

        Assert.Equal("200 Representation type is Image", (await client.CommandAsync("TYPE L 8")).Lines[0]);
        var content = DataTransfers.RandomBytes(4096);
        var (opening, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/local8.bin", content, protect: true);

        Assert.Equal("150 Opening BINARY mode data connection for local8.bin", opening.Lines[0]);
        Assert.Equal(226, final.Code);
        Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Fact]
    public async Task A_file_name_in_latin_1_bytes_is_stored_under_its_utf_8_form()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        Assert.Equal("200 UTF8 mode off: command lines that are not UTF-8 are read as Latin-1", (await client.CommandAsync("OPTS UTF8 OFF")).Lines[0]);
        var data = await client.ExtendedPassiveAsync();
        using var socket = await FtpTestClient.ConnectDataAsync(data);

        await client.SendRawAsync([.. "STOR /toibm/aix/r"u8, 0xE9, .. "sum"u8, 0xE9, .. " f"u8, 0xFC, .. "r M"u8, 0xFC, .. "ller.bin\r\n"u8]);

        Assert.Equal("150 Opening BINARY mode data connection for résumé für Müller.bin", (await client.ReadReplyAsync()).Lines[0]);
        await using (var tls = await client.ProtectDataAsync(socket))
        {
            await tls.WriteAsync(new byte[] { 1, 2, 3 });
            await DataTransfers.FinishAsync(tls);
        }

        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
        Assert.Equal("/toibm/aix/résumé für Müller.bin", Assert.Single(server.DropBox.Delivered).Path.Value);
    }

    [Fact]
    public async Task A_latin_1_line_with_a_c1_control_character_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        await client.SendRawAsync([.. "STOR /toibm/aix/a"u8, 0x85, .. "b.bin\r\n"u8]);

        Assert.Equal("501 Command line must not contain control characters", (await client.ReadReplyAsync()).Lines[0]);
        Assert.Equal(200, (await client.CommandAsync("NOOP")).Code);
        Assert.Empty(server.DropBox.Delivered);
    }

    [Fact]
    public async Task The_parsed_line_keeps_the_bytes_as_the_client_sent_them()
    {
        var reader = new CommandLineReader(4096);
        reader.Attach(new MemoryStream([.. "STOR caf"u8, 0xE9, .. ".bin\r\n"u8, .. "STOR caf\u00E9.bin\r\n"u8]));

        var latin1 = await reader.ReadAsync(CancellationToken.None);
        var utf8 = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(("STOR", "café.bin", true), (latin1.Verb, latin1.Argument, latin1.ReadAsLatin1));
        Assert.Equal([.. "STOR caf"u8, 0xE9, .. ".bin"u8], latin1.Raw);
        Assert.Equal(("STOR", "café.bin", false), (utf8.Verb, utf8.Argument, utf8.ReadAsLatin1));
        Assert.Equal(Encoding.UTF8.GetBytes("STOR café.bin"), utf8.Raw);
    }
}
