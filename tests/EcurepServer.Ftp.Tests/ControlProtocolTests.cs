using System.Text;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

public sealed class ControlProtocolTests
{
    [Fact]
    public async Task Greeting_is_the_multi_line_banner()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        Assert.Equal(
            [
                "220-Welcome to the IBM Enhanced Customer Data Repository (ECuRep)",
                "220-",
                "220-Connection closed after 15 minutes idle",
                "220 FTPS server ftps.ecurep.ibm.com ready",
            ],
            client.Greeting!.Lines);
    }

    [Fact]
    public async Task Feat_works_before_auth_and_lists_the_features()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync("FEAT");

        Assert.Equal(211, reply.Code);
        Assert.Equal("211-Features:", reply.Lines[0]);
        Assert.Equal("211 End", reply.Lines[^1]);
        foreach (var feature in new[] { " AUTH TLS", " PBSZ", " PROT", " EPSV", " EPRT", " SIZE", " MDTM", " REST STREAM", " UTF8", " TVFS", " MLST type*;size*;modify*;perm*;" })
        {
            Assert.Contains(feature, reply.Lines);
        }

        Assert.All(reply.Lines.Skip(1).SkipLast(1), line => Assert.StartsWith(" ", line));
    }

    [Fact]
    public async Task Commands_before_auth_are_refused_when_tls_is_required()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var user = await client.CommandAsync("USER E-ABCD12345f");
        var list = await client.CommandAsync("CWD /toibm");
        var syst = await client.CommandAsync("SYST");

        Assert.Equal("530 Please login with USER and PASS after AUTH TLS", user.Lines[0]);
        Assert.Equal("530 Secure connection required: send AUTH TLS first", list.Lines[0]);
        Assert.Equal("215 UNIX Type: L8", syst.Lines[0]);
        Assert.Empty(server.Logins.Contexts);
    }

    [Fact]
    public async Task Auth_pbsz_and_prot_follow_the_rfc_4217_order()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        Assert.Equal(504, (await client.CommandAsync("AUTH KERBEROS")).Code);
        Assert.Equal(503, (await client.CommandAsync("PBSZ 0")).Code);
        Assert.Equal(503, (await client.CommandAsync("PROT P")).Code);
        await client.AuthTlsAsync();
        Assert.Equal(503, (await client.CommandAsync("AUTH TLS")).Code);
        Assert.Equal(503, (await client.CommandAsync("PROT P")).Code);
        Assert.Equal(501, (await client.CommandAsync("PBSZ abc")).Code);
        Assert.Equal("200 PBSZ=0", (await client.CommandAsync("PBSZ 0")).Lines[0]);
        Assert.Equal(536, (await client.CommandAsync("PROT S")).Code);
        Assert.Equal(536, (await client.CommandAsync("PROT E")).Code);
        Assert.Equal(504, (await client.CommandAsync("PROT X")).Code);
        Assert.Equal(200, (await client.CommandAsync("PROT C")).Code);
        Assert.Equal(200, (await client.CommandAsync("PROT P")).Code);
    }

    [Theory]
    [InlineData("AUTH SSL", "234 AUTH SSL successful")]
    [InlineData("AUTH tls-c", "234 AUTH TLS-C successful")]
    [InlineData("AUTH TLS-P", "234 AUTH TLS-P successful")]
    public async Task Every_auth_mechanism_is_answered_234_naming_it(string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync(command);

        Assert.Equal(expected, reply.Lines[0]);
        await client.StartTlsAsync();
        Assert.Equal(331, (await client.CommandAsync("USER E-ABCD12345f")).Code);
    }

    [Fact]
    public async Task Login_replies_match_the_aix_transcript()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.AuthTlsAsync();

        var user = await client.CommandAsync("USER E-ABCD12345f");
        var pass = await client.CommandAsync("PASS secret");

        Assert.Equal("331 Password required for E-ABCD12345f", user.Lines[0]);
        Assert.Equal(
            [
                "230-Here you can deliver/get support material to/from IBM.",
                "230-Directories for:",
                "230- deliver  use command 'cd toibm'",
                "230-Working directory is \"/\".",
                "230-You are logged in as E-ABCD12345f",
                "230 User E-ABCD12345f logged in",
            ],
            pass.Lines);
        Assert.Equal("ftps", server.Logins.Contexts.Single().Protocol);
        Assert.Equal("test", server.Logins.Contexts.Single().Site);
    }

    [Fact]
    public async Task Anonymous_is_asked_for_an_email_address()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.AuthTlsAsync();

        var user = await client.CommandAsync("USER anonymous");
        var pass = await client.CommandAsync("PASS someone@example.com");

        Assert.Equal("331 Send email address as password please.", user.Lines[0]);
        Assert.Equal("230 User anonymous logged in", pass.Lines[^1]);
    }

    [Fact]
    public async Task Failed_logins_are_refused_and_the_last_allowed_one_closes_the_session()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.AuthTlsAsync();

        Assert.Equal(503, (await client.CommandAsync("PASS secret")).Code);
        for (var i = 0; i < 2; i++)
        {
            await client.CommandAsync("USER E-ABCD12345f");
            Assert.Equal("530 Login incorrect.", (await client.CommandAsync("PASS wrong")).Lines[0]);
        }

        await client.CommandAsync("USER E-ABCD12345f");
        Assert.Equal(421, (await client.CommandAsync("PASS wrong")).Code);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_login_refused_unchecked_because_the_password_checks_are_full_closes_the_session_with_421()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.AuthTlsAsync();

        await client.CommandAsync("USER " + Fakes.FakeLoginService.BusyUser);
        Assert.Equal("421 Too many logins in progress; try again later.", (await client.CommandAsync("PASS secret")).Lines[0]);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Cwd_shows_the_notice_and_pwd_quotes_the_path()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var cwd = await client.CommandAsync("CWD toibm");
        var pwd = await client.CommandAsync("PWD");
        var aix = await client.CommandAsync("CWD aix");
        var up = await client.CommandAsync("CDUP");
        var missing = await client.CommandAsync("CWD nowhere");

        Assert.Equal(["250-Please read toibm/0-README.txt for information.", "250 CWD command successful"], cwd.Lines);
        Assert.Equal("257 \"/toibm\" is the current directory", pwd.Lines[0]);
        Assert.Equal(["250 CWD command successful"], aix.Lines);
        Assert.Equal(250, up.Code);
        Assert.Equal("550 /toibm/nowhere: No such file or directory", missing.Lines[0]);
    }

    [Fact]
    public async Task Type_mode_and_structure()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        Assert.Equal("200 Representation type is Image", (await client.CommandAsync("TYPE I")).Lines[0]);
        Assert.Equal("200 Representation type is Ascii", (await client.CommandAsync("TYPE A")).Lines[0]);
        Assert.Equal(200, (await client.CommandAsync("TYPE A N")).Code);
        Assert.Equal(504, (await client.CommandAsync("TYPE E")).Code);
        Assert.Equal("200 Representation type is Image", (await client.CommandAsync("TYPE L 8")).Lines[0]);
        Assert.Equal(504, (await client.CommandAsync("TYPE L 7")).Code);
        Assert.Equal(200, (await client.CommandAsync("MODE S")).Code);
        Assert.Equal(504, (await client.CommandAsync("MODE B")).Code);
        Assert.Equal(200, (await client.CommandAsync("STRU F")).Code);
        Assert.Equal(504, (await client.CommandAsync("STRU R")).Code);
    }

    [Fact]
    public async Task Status_block_shows_the_protection_levels()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var reply = await client.CommandAsync("STAT");

        Assert.Equal(
            [
                "211-test FTP server status:",
                "211-Connected to 127.0.0.1",
                "211-Logged in as E-ABCD12345f",
                "211-TYPE: Image; STRUcture: File; MODE: Stream",
                "211-Inactivity timer is set to 900",
                "211-Authentication type: TLS",
                "211-Control protection level: Private",
                "211-Data protection level: Private",
                "211-TLS security is supported at the RFC4217 level",
                "211 End of status",
            ],
            reply.Lines);
    }

    [Fact]
    public async Task Status_before_auth_shows_a_clear_session()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync("STAT");

        Assert.Contains("211-Not logged in", reply.Lines);
        Assert.Contains("211-Authentication type: none", reply.Lines);
        Assert.Contains("211-Control protection level: Clear", reply.Lines);
    }

    [Fact]
    public async Task Oversized_lines_are_refused_and_the_third_closes_the_session()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var longLine = "NOOP " + new string('x', 10 * 1024);

        Assert.Equal("500 Command line too long", (await client.CommandAsync(longLine)).Lines[0]);
        Assert.Equal(200, (await client.CommandAsync("NOOP")).Code);
        Assert.Equal(500, (await client.CommandAsync(longLine)).Code);
        Assert.Equal(421, (await client.CommandAsync(longLine)).Code);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Non_utf8_lines_are_read_as_latin_1_and_lines_with_control_characters_are_refused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendRawAsync([.. "NOOP "u8, 0xC3, 0x28, (byte)'\r', (byte)'\n']);
        Assert.Equal(200, (await client.ReadReplyAsync()).Code);

        await client.SendRawAsync([.. "NOOP a"u8, 0x01, (byte)'b', (byte)'\r', (byte)'\n']);
        Assert.Equal("501 Command line must not contain control characters", (await client.ReadReplyAsync()).Lines[0]);
        Assert.Equal(200, (await client.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Unknown_and_refused_commands()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        Assert.Equal("500 'XYZZY': command not understood", (await client.CommandAsync("XYZZY")).Lines[0]);
        await client.SecureLoginAsync();

        Assert.Equal("550 Permission denied", (await client.CommandAsync("DELE /toibm/0-README.txt")).Lines[0]);
        Assert.Equal(550, (await client.CommandAsync("MKD /toibm/new")).Code);
        Assert.Equal(550, (await client.CommandAsync("RMD /toibm/aix")).Code);
        Assert.Equal(502, (await client.CommandAsync("SITE CHMOD 777 x")).Code);
        Assert.Equal(502, (await client.CommandAsync("ACCT x")).Code);
        Assert.Equal(202, (await client.CommandAsync("ALLO 100")).Code);
        Assert.Equal("215 UNIX Type: L8", (await client.CommandAsync("SYST")).Lines[0]);
        Assert.Equal(200, (await client.CommandAsync("OPTS UTF8 ON")).Code);
        Assert.Equal(200, (await client.CommandAsync("OPTS MLST type;size;")).Code);
        Assert.Equal(214, (await client.CommandAsync("HELP")).Code);
    }

    [Fact]
    public async Task Help_lists_the_commands_the_server_carries_out_and_not_those_it_answers_502()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync("HELP");

        var verbs = reply.Lines.Skip(1).SkipLast(1).SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal("214-The following commands are recognized:", reply.Lines[0]);
        Assert.Equal("214 HELP command successful", reply.Lines[^1]);
        Assert.Subset(verbs.ToHashSet(), new HashSet<string> { "AUTH", "USER", "PASS", "STOR", "EPSV", "HELP", "QUIT", "DELE", "XCWD" });
        Assert.DoesNotContain("SITE", verbs);
        Assert.DoesNotContain("ACCT", verbs);
        Assert.DoesNotContain("REIN", verbs);
        Assert.DoesNotContain("SMNT", verbs);
        foreach (var verb in verbs.Where(verb => verb is not ("ABOR" or "QUIT")))
        {
            Assert.NotEqual(502, (await client.CommandAsync(verb)).Code);
        }
    }

    [Fact]
    public async Task Commands_needing_login_are_refused_before_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.AuthTlsAsync();

        Assert.Equal("530 Please login with USER and PASS", (await client.CommandAsync("PWD")).Lines[0]);
        Assert.Equal(530, (await client.CommandAsync("EPSV")).Code);
        Assert.Equal(200, (await client.CommandAsync("PBSZ 0")).Code);
        Assert.Equal(200, (await client.CommandAsync("PROT P")).Code);
    }

    [Fact]
    public async Task Quit_says_goodbye_and_closes()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        Assert.Equal("221 Goodbye.", (await client.CommandAsync("QUIT")).Lines[0]);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Idle_sessions_are_closed_with_421()
    {
        await using var server = await TestServer.StartAsync(o => o.IdleTimeout = TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();

        var reply = await client.ReadReplyAsync();

        Assert.Equal("421 Timeout (1 seconds): closing control connection.", reply.Lines[0]);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Connections_that_do_not_log_in_within_the_grace_time_are_closed_and_logged_in_ones_are_not()
    {
        var time = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(o => o.LoginGraceTime = TimeSpan.FromSeconds(1), time: time);
        await using var loggedIn = await server.ConnectAsync();
        await loggedIn.SecureLoginAsync();
        await using var silent = await server.ConnectAsync();
        await using var authOnly = await server.ConnectAsync();
        await authOnly.AuthTlsAsync();
        Assert.Equal(331, (await authOnly.CommandAsync("USER E-ABCD12345f")).Code);

        time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(200, (await silent.CommandAsync("NOOP")).Code);
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal("421 Login timeout (1 seconds): closing control connection.", (await silent.ReadReplyAsync()).Lines[0]);
        Assert.True(await silent.IsClosedByServerAsync());
        Assert.Equal("421 Login timeout (1 seconds): closing control connection.", (await authOnly.ReadReplyAsync()).Lines[0]);
        Assert.True(await authOnly.IsClosedByServerAsync());

        Assert.Equal(200, (await loggedIn.CommandAsync("NOOP")).Code);
        await Eventually.TrueAsync(() => server.Server.SessionCount == 1, "the closed sessions to end");
    }

    [Fact]
    public async Task Plaintext_sent_after_auth_is_discarded()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendRawAsync(Encoding.ASCII.GetBytes("AUTH TLS\r\nUSER E-ABCD12345f\r\n"));
        Assert.Equal(234, (await client.ReadReplyAsync()).Code);
        await client.StartTlsAsync();

        Assert.Equal(503, (await client.CommandAsync("PASS secret")).Code);
    }
}
