using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>The two RFC 4217 levels: CCC at the full level, the draft's AUTH forms and its missing CCC, STAT naming the level.</summary>
public sealed class Rfc4217LevelTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ccc_at_the_full_level_clears_the_control_channel_and_the_session_goes_on(bool clientSendsCloseNotify)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var ccc = await client.CommandAsync("CCC");
        await client.ClearTlsAsync(clientSendsCloseNotify);

        Assert.Equal(["200 CCC command successful; the control connection is now clear"], ccc.Lines);
        Assert.Equal(["257 \"/\" is the current directory"], (await client.CommandAsync("PWD")).Lines);
        Assert.Equal(["503 PROT not allowed after CCC"], (await client.CommandAsync("PROT C")).Lines);
        Assert.Equal(["503 PBSZ not allowed after CCC"], (await client.CommandAsync("PBSZ 0")).Lines);
        Assert.Equal(["503 AUTH not allowed after CCC"], (await client.CommandAsync("AUTH TLS")).Lines);
        var status = await client.CommandAsync("STAT");
        Assert.Contains("211-Control protection level: Clear", status.Lines);
        Assert.Contains("211-Data protection level: Private", status.Lines);

        var (opening, final) = await DataTransfers.UploadAsync(
            client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/after-ccc.bin", [7, 8, 9], protect: true);

        Assert.Equal(150, opening.Code);
        Assert.Equal(226, final.Code);
        Assert.Equal([7, 8, 9], Assert.Single(server.DropBox.Delivered).Bytes);
        Assert.Equal("ftps", server.Logins.Contexts.Single().Protocol);
        Assert.Equal(221, (await client.CommandAsync("QUIT")).Code);
    }

    [Fact]
    public async Task Ccc_without_tls_is_refused_with_533()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        Assert.Equal(["533 CCC refused: the control connection is not protected"], (await client.CommandAsync("CCC")).Lines);
        await client.AuthTlsAsync();
        Assert.Equal(331, (await client.CommandAsync("USER E-ABCD12345f")).Code);
    }

    [Fact]
    public async Task Ccc_is_refused_with_534_where_the_site_does_not_allow_it_and_tls_stays()
    {
        await using var server = await TestServer.StartAsync(o => o.AllowClearCommandChannel = false);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        Assert.Equal(["534 CCC refused: this site keeps the control connection protected"], (await client.CommandAsync("CCC")).Lines);
        Assert.Equal(200, (await client.CommandAsync("PROT C")).Code);
        Assert.True(client.IsTls);
    }

    [Fact]
    public async Task Ccc_at_the_draft_level_is_refused_and_the_session_goes_on_under_tls()
    {
        await using var server = await TestServer.StartAsync(o => o.Rfc4217Level = Rfc4217Level.Draft);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        Assert.Equal(["534 CCC not supported at the DRAFT level"], (await client.CommandAsync("CCC")).Lines);
        Assert.Equal(257, (await client.CommandAsync("PWD")).Code);
        Assert.Equal(200, (await client.CommandAsync("PROT P")).Code);
    }

    [Theory]
    [InlineData("SSL")]
    [InlineData("TLS-P")]
    public async Task Auth_ssl_and_tls_p_at_the_draft_level_make_the_data_channel_private_without_prot(string mechanism)
    {
        await using var server = await TestServer.StartAsync(o => o.Rfc4217Level = Rfc4217Level.Draft);
        await using var client = await server.ConnectAsync();
        Assert.Equal(234, (await client.CommandAsync("AUTH " + mechanism)).Code);
        await client.StartTlsAsync();
        await client.CommandAsync("USER E-ABCD12345f");
        await client.CommandAsync("PASS secret");

        Assert.Contains("211-Data protection level: Private", (await client.CommandAsync("STAT")).Lines);
        var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/p.bin", [1], protect: true);

        Assert.Equal(226, final.Code);
        Assert.Single(server.DropBox.Delivered);
    }

    [Theory]
    [InlineData(Rfc4217Level.Draft, "TLS")]
    [InlineData(Rfc4217Level.Draft, "TLS-C")]
    [InlineData(Rfc4217Level.Full, "SSL")]
    [InlineData(Rfc4217Level.Full, "TLS-P")]
    public async Task Other_auth_forms_leave_the_data_channel_clear(Rfc4217Level level, string mechanism)
    {
        await using var server = await TestServer.StartAsync(o => o.Rfc4217Level = level);
        await using var client = await server.ConnectAsync();
        Assert.Equal(234, (await client.CommandAsync("AUTH " + mechanism)).Code);
        await client.StartTlsAsync();

        Assert.Contains("211-Data protection level: Clear", (await client.CommandAsync("STAT")).Lines);
    }

    [Theory]
    [InlineData(Rfc4217Level.Full, "211-TLS security is supported at the RFC4217 level")]
    [InlineData(Rfc4217Level.Draft, "211-TLS security is supported at the DRAFT level")]
    public async Task Stat_states_the_level(Rfc4217Level level, string line)
    {
        await using var server = await TestServer.StartAsync(o => o.Rfc4217Level = level);
        await using var client = await server.ConnectAsync();

        Assert.Contains(line, (await client.CommandAsync("STAT")).Lines);
    }

    [Fact]
    public async Task Plain_login_works_where_tls_is_not_required()
    {
        await using var server = await TestServer.StartAsync(o => o.RequireTls = false);
        await using var client = await server.ConnectAsync();

        Assert.Equal(331, (await client.CommandAsync("USER anonymous")).Code);
        Assert.Equal(230, (await client.CommandAsync("PASS someone@example.com")).Code);
        Assert.Equal("ftp", server.Logins.Contexts.Single().Protocol);
        Assert.Equal(["533 CCC refused: the control connection is not protected"], (await client.CommandAsync("CCC")).Lines);
    }
}
