using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// Random commands with plausible and implausible arguments (fixed seeds, so a failure replays), before and after
/// login: each gets a final reply and the session goes on, unless the server ends it with a 421 it announced.
/// </summary>
public sealed class RandomCommandTests
{
    /// <summary>Every command but those that end the session or change the channel's security (QUIT, REIN, AUTH, CCC).</summary>
    private static readonly string[] Verbs =
        ["USER", "PASS", "ACCT", "CWD", "XCWD", "CDUP", "PWD", "XPWD", "TYPE", "MODE", "STRU", "ALLO", "PASV", "EPSV", "PORT", "EPRT", "STOR", "STOU", "APPE", "RETR", "LIST", "NLST", "MLSD", "MLST", "SIZE", "MDTM", "REST", "DELE", "RNFR", "RNTO", "MKD", "RMD", "SITE", "STAT", "SYST", "NOOP", "HELP", "FEAT", "OPTS", "PBSZ", "PROT", "ABOR", "XYZZY", "stor", ""];

    private static readonly string[] Arguments =
        ["", "toibm", "/toibm/aix", "/toibm/aix/f.bin", "toibm/aix/TS012345678_x.zip", "/", "..", "../../etc/passwd", "/fromibm", "A", "I", "E", "L 8", "S", "F", "P", "C", "0", "-1", "5", "99999999999999999999", "127,0,0,1,4,1", "10,0,0,1,4,1", "1,2,3", "|1|127.0.0.1|1025|", "|2|::1|1025|", "|3|x|y|", "ALL", "UTF8 ON", "E-ABCD12345f", "anonymous", "secret", "a@b.c", "ü€ \t x", new string('x', 300)];

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public async Task Every_random_command_gets_a_final_reply_and_the_session_goes_on(int seed, bool logInFirst)
    {
        var random = new Random(seed);
        await using var server = await TestServer.StartAsync(options => options.DataConnectionAcceptTimeout = TimeSpan.FromMilliseconds(100));
        await using var client = await server.ConnectAsync();
        if (logInFirst)
        {
            await client.SecureLoginAsync();
        }
        else
        {
            await client.AuthTlsAsync();
        }

        for (var i = 0; i < 150; i++)
        {
            var line = $"{Verbs[random.Next(Verbs.Length)]} {Arguments[random.Next(Arguments.Length)]}".TrimEnd();
            var reply = await client.CommandAsync(line);
            while (reply.Code < 200)
            {
                reply = await client.ReadReplyAsync();
            }

            Assert.InRange(reply.Code, 200, 599);
            if (reply.Code == 421)
            {
                Assert.True(await client.IsClosedByServerAsync(), $"{line} -> {reply}");
                return;
            }
        }

        Assert.Equal(200, (await client.CommandAsync("NOOP")).Code);
    }
}
