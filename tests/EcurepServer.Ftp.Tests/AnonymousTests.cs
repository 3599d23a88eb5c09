using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// Anonymous users give any text as password and may transfer only over a protected data channel (ECuRep: anonymous
/// uploads "using tools that enforce encryption of the content"); Transfer IDs keep the site's PROT policy.
/// </summary>
public sealed class AnonymousTests
{
    [Fact]
    public async Task Anonymous_with_password_guest_uploads_over_prot_p()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync("anonymous", "guest");
        var content = DataTransfers.RandomBytes(4096);

        var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/guest.bin", content, protect: true);

        Assert.Equal(226, final.Code);
        Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Theory]
    [InlineData("STOR /toibm/aix/clear.bin")]
    [InlineData("LIST /toibm")]
    public async Task Anonymous_transfers_over_prot_c_are_refused_with_521_and_nothing_is_written(string command)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync("anonymous", "guest", protectData: false);
        Assert.Equal(229, (await client.CommandAsync("EPSV")).Code);

        var reply = await client.CommandAsync(command);

        Assert.Equal("521 Anonymous transfers need a protected data connection: send PBSZ 0 and PROT P", reply.Lines[0]);
        Assert.Empty(server.DropBox.Uploads);
        Assert.Equal(0, server.PassivePorts.HeldBy(System.Net.IPAddress.Loopback));
        Assert.Equal(200, (await client.CommandAsync("PROT P")).Code);
        var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/now.bin", [1, 2, 3], protect: true);
        Assert.Equal(226, final.Code);
    }

    [Fact]
    public async Task Transfer_ids_keep_the_sites_setting_and_the_anonymous_rule_can_be_turned_off()
    {
        await using var server = await TestServer.StartAsync(o => o.AnonymousRequiresProtectedData = false);
        await using var anonymous = await server.ConnectAsync();
        await anonymous.SecureLoginAsync("anonymous", "guest", protectData: false);
        await using var transferId = await server.ConnectAsync();
        await transferId.SecureLoginAsync(protectData: false);

        var (_, anonymousFinal) = await DataTransfers.UploadAsync(anonymous, await anonymous.PassiveAsync(), "STOR /toibm/aix/a.bin", [1], protect: false);
        var (_, idFinal) = await DataTransfers.UploadAsync(transferId, await transferId.PassiveAsync(), "STOR /toibm/aix/b.bin", [2], protect: false);

        Assert.Equal(226, anonymousFinal.Code);
        Assert.Equal(226, idFinal.Code);
        Assert.Equal(2, server.DropBox.Delivered.Count);
    }

    [Fact]
    public async Task An_empty_anonymous_password_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.AuthTlsAsync();
        Assert.Equal(331, (await client.CommandAsync("USER anonymous")).Code);

        Assert.Equal("530 Login incorrect.", (await client.CommandAsync("PASS")).Lines[0]);
    }

    [Fact]
    public async Task Stat_names_an_anonymous_user_anonymous()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync("anonymous", "guest");

        Assert.Contains("211-Logged in as Anonymous", (await client.CommandAsync("STAT")).Lines);
    }
}
