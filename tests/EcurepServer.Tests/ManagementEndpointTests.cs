using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using EcurepServer.Cli;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;
using EcurepServer.Hosting;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Management;
using EcurepServer.Settings;
using EcurepServer.Tests.Support;
using EcurepServer.TestSupport;
using EcurepServer.Transcripts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcurepServer.Tests;

/// <summary>The management endpoint of one in-process server, shared by the tests of this class (each cleans up what it adds).</summary>
public sealed class ManagementEndpointTests : IClassFixture<ManagementEndpointTests.Server>
{
    private const string Token = "test-token-0123456789abcdef";

    private static readonly string[] Secured =
    [
        "GET /uploads", "GET /uploads/wait?timeout=1s", "GET /uploads/0123", "GET /uploads/0123/content", "GET /sessions/active",
        "GET /sessions", "GET /sessions/20261203T081502Z-7f3a",
        "POST /accounts", "DELETE /accounts/E-ABCD12345f", "POST /reset", "GET /openapi.json",
        "POST /faults", "GET /faults", "DELETE /faults/fault-1", "DELETE /faults",
        "GET /bans", "POST /bans", "DELETE /bans/192.0.2.7",
    ];

    private readonly Server _server;

    public ManagementEndpointTests(Server server) => _server = server;

    [Fact]
    public async Task EveryEndpointButHealthAndReadinessAnswers401WithoutTheToken()
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Address };
        using var wrong = new HttpClient { BaseAddress = _server.Address };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        foreach (var endpoint in Secured)
        {
            var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
            foreach (var client in new[] { anonymous, wrong })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST")
                {
                    request.Content = JsonContent.Create(new { id = "E-NOPE000001" });
                }

                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint}: {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        Assert.False(await _server.AccountExistsAsync("E-NOPE000001"));
    }

    [Fact]
    public async Task AFaultRulePostedThroughTheApiFiresAtTheNextLoginIsCountedAndIsRemovedAgain()
    {
        using var client = _server.Client();
        using var created = await client.PostAsJsonAsync("/faults?id=api-refuse", new
        {
            account = "E-FAULT00001a",
            point = "login",
            action = "refuse-login",
            times = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("api-refuse", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        await _server.Services.GetRequiredService<AccountStore>().AddAsync("E-FAULT00001a", "fault-password-1", CancellationToken.None);
        var login = _server.Services.GetRequiredService<ILoginService>();
        var session = new SessionContext("fault", "Europe", "ftps", new IPEndPoint(IPAddress.Loopback, 40002));

        Assert.False((await login.LoginAsync(session, "E-FAULT00001a", "fault-password-1", CancellationToken.None)).Succeeded);
        Assert.True((await login.LoginAsync(session, "E-FAULT00001a", "fault-password-1", CancellationToken.None)).Succeeded);
        var listed = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/faults")).EnumerateArray(), rule => rule.GetProperty("id").GetString() == "api-refuse");
        Assert.Equal(1, listed.GetProperty("fired").GetInt64());
        Assert.True(listed.GetProperty("exhausted").GetBoolean());
        Assert.Equal("refuse-login", listed.GetProperty("action").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/faults/api-refuse")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/faults/api-refuse")).StatusCode);
        await _server.Services.GetRequiredService<AccountStore>().RemoveAsync("E-FAULT00001a", CancellationToken.None);
    }

    [Fact]
    public async Task TheFaultsVerbAddsListsAndClearsRulesThroughTheApi()
    {
        string[] api = ["--url", _server.Address.ToString(), "--token", Token];

        var added = await CliRun.InvokeAsync(_server.Workspace, ["faults", "add", .. api, "--id", "cli-stor", "--site", "Nowhere", "--point", "STOR", "--action", "reply", "--code", "452", "--times", "3"]);
        var generated = await CliRun.InvokeAsync(_server.Workspace, ["faults", .. api, "add", "--site", "Nowhere", "--point", "after-bytes 1048576", "--action", "disconnect", "--abrupt"]);
        var bad = await CliRun.InvokeAsync(_server.Workspace, ["faults", "add", .. api, "--point", "STOR", "--action", "explode"]);
        var unauthorized = await CliRun.InvokeAsync(_server.Workspace, "faults", "list", "--url", _server.Address.ToString(), "--token", "wrong");
        var listed = await CliRun.InvokeAsync(_server.Workspace, ["faults", "list", .. api]);
        var removedOne = await CliRun.InvokeAsync(_server.Workspace, ["faults", "clear", "cli-stor", .. api]);
        var removedAll = await CliRun.InvokeAsync(_server.Workspace, ["faults", "clear", .. api]);

        Assert.Equal((0, "cli-stor"), (added.ExitCode, added.Output.Trim()));
        Assert.Equal(0, generated.ExitCode);
        Assert.StartsWith("fault-", generated.Output.Trim(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, bad.ExitCode);
        Assert.Contains("rule:Action must be one of", bad.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, unauthorized.ExitCode);
        Assert.StartsWith("401", unauthorized.Error, StringComparison.Ordinal);
        Assert.Equal(0, listed.ExitCode);
        Assert.Matches(@"cli-stor\s+STOR\s+reply 452\s+Nowhere\s+0/3", listed.Output);
        Assert.Matches(@"fault-\d+\s+after-bytes 1048576\s+disconnect \(abrupt\)\s+Nowhere\s+0", listed.Output);
        Assert.Equal("Removed fault rule cli-stor.", removedOne.Output.Trim());
        Assert.Equal("Removed 1 fault rules.", removedAll.Output.Trim());
    }

    [Fact]
    public async Task ABadFaultRuleIsRefusedWithAProblemNamingEachField()
    {
        using var client = _server.Client();

        using var bad = await client.PostAsJsonAsync("/faults", new { point = "after-bytes ten", action = "explode" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var detail = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("rule:Point", detail, StringComparison.Ordinal);
        Assert.Contains("rule:Action", detail, StringComparison.Ordinal);
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/faults")).EnumerateArray(), rule => rule.GetProperty("point").GetString() == "after-bytes ten");
    }

    [Fact]
    public async Task DeletingAllFaultRulesSaysHowManyWentAway()
    {
        using var client = _server.Client();
        using (await client.PostAsJsonAsync("/faults?id=clear-1", new { site = "Nowhere", point = "STOR", action = "disk-full" }))
        using (await client.PostAsJsonAsync("/faults?id=clear-2", new { site = "Nowhere", point = "PASV", action = "delay", delay = "00:00:05" }))
        {
        }

        using var cleared = await client.DeleteAsync("/faults");

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.True((await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("removed").GetInt32() >= 2);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/faults")).EnumerateArray());
    }

    [Fact]
    public async Task AnAccountMadeThroughTheApiLogsInAndIsRemovedAgain()
    {
        using var client = _server.Client();
        using var created = await client.PostAsJsonAsync("/accounts", new { id = "E-API0000001a" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var password = body.GetProperty("password").GetString()!;
        var login = _server.Services.GetRequiredService<ILoginService>();
        Assert.True((await login.LoginAsync(new SessionContext("login", "Europe", "ftps", new IPEndPoint(IPAddress.Loopback, 40001)), "E-API0000001a", password, CancellationToken.None)).Succeeded);

        using var again = await client.PostAsJsonAsync("/accounts", new { id = "E-API0000001a", password = "another-password-1" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        using var bad = await client.PostAsJsonAsync("/accounts", new { id = "anonymous" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/accounts/E-API0000001a")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/accounts/E-API0000001a")).StatusCode);
    }

    [Fact]
    public async Task UploadsListsOnlyTheNewestLastInDeliveryOrder()
    {
        using var client = _server.Client();
        foreach (var name in new[] { "TS000000419_a.bin", "TS000000419_b.bin", "TS000000419_c.bin" })
        {
            await _server.DeliverAsync($"/toibm/aix/{name}", [1, 2, 3]);
        }

        var newest = await client.GetFromJsonAsync<JsonElement[]>("/uploads?case=TS000000419&last=2");

        Assert.Equal(["/toibm/aix/TS000000419_b.bin", "/toibm/aix/TS000000419_c.bin"], newest!.Select(entry => entry.GetProperty("path").GetString()));
        Assert.Equal(3, (await client.GetFromJsonAsync<JsonElement[]>("/uploads?case=TS000000419"))!.Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/uploads?last=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/uploads?last=many")).StatusCode);
    }

    [Fact]
    public async Task AWaitedUploadIsListedWithItsBytesAndDigestAndAResetRemovesIt()
    {
        using var client = _server.Client();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        var waiting = client.GetAsync($"/uploads/wait?name=TS012345678_wait.bin&since={Uri.EscapeDataString(since)}&timeout=60s");
        var data = RandomNumberGenerator.GetBytes(70_000);
        await _server.DeliverAsync("/toibm/aix/TS012345678_wait.bin", data);

        using var waited = await waiting;
        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
        var upload = await waited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("case", upload.GetProperty("route").GetString());
        var id = upload.GetProperty("id").GetString();

        var listed = await client.GetFromJsonAsync<JsonElement[]>("/uploads?case=TS012345678&account=E-ABCD12345f&site=Europe");
        Assert.Contains(listed!, entry => entry.GetProperty("id").GetString() == id);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/uploads?case=TS999999999"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/uploads?case=nonsense")).StatusCode);

        using var content = await client.GetAsync($"/uploads/{id}/content");
        Assert.Equal(data.Length, content.Content.Headers.ContentLength);
        Assert.Equal(data, await content.Content.ReadAsByteArrayAsync());
        Assert.Equal($"sha-256={Convert.ToBase64String(SHA256.HashData(data))}", content.Headers.GetValues("Digest").Single());

        using var timedOut = await client.GetAsync("/uploads/wait?name=never.bin&timeout=200ms");
        Assert.Equal(HttpStatusCode.RequestTimeout, timedOut.StatusCode);
        Assert.Equal("application/problem+json", timedOut.Content.Headers.ContentType?.MediaType);

        var transcript = await _server.WriteTranscriptAsync(EndReasons.Quit, new SessionStartEvent("ftps", "Europe", "127.0.0.1:40000", "127.0.0.1:2121"));

        using var reset = await client.PostAsync("/reset", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True((await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deletedTranscripts").GetInt32() >= 1);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/uploads"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/sessions/{transcript}")).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/sessions"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/uploads/{id}")).StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
        Assert.True(await _server.AccountExistsAsync("E-ABCD12345f"));
    }

    [Fact]
    public async Task AResetIsRefusedWhileAnUploadIsInProgressAndForceEndsIt()
    {
        using var client = _server.Client();
        var session = _server.Session();
        var begun = await session.BeginUploadAsync(new UploadRequest(TreePath("/toibm/aix/busy.bin"), UploadMode.Create), CancellationToken.None);
        await using var upload = begun.Value!;
        Assert.True((await upload.WriteAsync(new byte[1000], CancellationToken.None)).Succeeded);

        var active = await client.GetFromJsonAsync<JsonElement[]>("/sessions/active");
        var mine = Assert.Single(active!);
        Assert.Equal(1000, mine.GetProperty("bytesInFlight").GetInt64());
        Assert.Equal("/toibm/aix/busy.bin", mine.GetProperty("uploads")[0].GetProperty("path").GetString());

        using var refused = await client.PostAsync("/reset", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("busy.bin", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var forced = await client.PostAsync("/reset?force=true", null);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(1, (await forced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endedUploads").GetInt32());
        Assert.False((await upload.WriteAsync(new byte[10], CancellationToken.None)).Succeeded);
        Assert.False((await upload.CommitAsync(CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task SessionsAreListedByTheSameFiltersAsTheCliAndShownEventByEvent()
    {
        using var client = _server.Client();
        var id = await _server.WriteTranscriptAsync(
            EndReasons.ClientVanished,
            new SessionStartEvent("sftp", "Americas", "198.51.100.9:50000", "127.0.0.1:2242"),
            new LoginEvent("E-ABCD12345f", true, false, "E-ABCD12345f", null));

        var listed = await client.GetFromJsonAsync<JsonElement[]>("/sessions?protocol=SFTP&site=americas&account=e-abcd12345f&failed=true");
        var session = Assert.Single(listed!, entry => entry.GetProperty("id").GetString() == id);
        Assert.Equal("client-vanished", session.GetProperty("endReason").GetString());
        Assert.Equal("198.51.100.9:50000", session.GetProperty("client").GetString());
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement[]>("/sessions?protocol=ftps"))!, entry => entry.GetProperty("id").GetString() == id);
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement[]>($"/sessions?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"))!, entry => entry.GetProperty("id").GetString() == id);

        var events = await client.GetFromJsonAsync<JsonElement[]>($"/sessions/{id}");
        Assert.Equal(["start", "login", "end"], events!.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal("client-vanished", events![2].GetProperty("reason").GetString());

        foreach (var bad in new[] { "/sessions?protocol=gopher", "/sessions?since=yesterday-ish", "/sessions/not-a-session", "/sessions/..%2F..%2Faccounts.json", "/sessions/20261203T081502Z-7F3A" })
        {
            using var refused = await client.GetAsync(bad);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var unknown = await client.GetAsync("/sessions/20200101T000000Z-0000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ANetworkBannedByHandIsListedAndLiftedAndBadBansAreRefusedAsProblems()
    {
        using var client = _server.Client();

        using (var banned = await client.PostAsJsonAsync("/bans", new { address = "198.51.100.0/24", @for = "2h", reason = "scanner" }))
        {
            Assert.Equal(HttpStatusCode.Created, banned.StatusCode);
            var ban = await banned.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("198.51.100.0/24", ban.GetProperty("network").GetString());
            Assert.Equal(TimeSpan.FromHours(2), ban.GetProperty("untilUtc").GetDateTimeOffset() - ban.GetProperty("bannedUtc").GetDateTimeOffset());
            Assert.Equal("scanner", ban.GetProperty("reason").GetString());
        }

        var listed = await client.GetFromJsonAsync<JsonElement[]>("/bans");
        Assert.Contains(listed!, ban => ban.GetProperty("network").GetString() == "198.51.100.0/24");
        foreach (var (body, expected) in new (object Body, string Expected)[]
        {
            (new { address = "not-an-address" }, "is not an address"),
            (new { address = "10.0.0.0/8" }, "too wide"),
            (new { address = "127.0.0.1" }, "allow-listed"),
            (new { address = "198.51.100.7", @for = "forever" }, "is not a duration"),
            (new { address = "198.51.100.7", @for = "0s" }, "MaxBanTime"),
            (new { reason = "nobody" }, "address"),
        })
        {
            using var refused = await client.PostAsJsonAsync("/bans", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(expected, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/bans/198.51.100.0%2F24")).StatusCode);
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement[]>("/bans"))!, ban => ban.GetProperty("network").GetString() == "198.51.100.0/24");
    }

    [Fact]
    public async Task EveryConnectedSessionIsActiveFromItsConnectUntilItEnds()
    {
        using var client = _server.Client();
        var port = _server.Services.GetRequiredService<ServerFacts>().Describe().Sites["Europe"].FtpsPort!.Value;
        var live = _server.Services.GetRequiredService<LiveSessions>();
        using (var connection = new TcpClient())
        {
            await connection.ConnectAsync(IPAddress.Loopback, port);
            using var reader = new StreamReader(connection.GetStream());
            Assert.StartsWith("220", await reader.ReadLineAsync(), StringComparison.Ordinal);
            await Eventually.TrueAsync(() => live.Connected.Count == 1, "the connected session to be followed");

            var active = await client.GetFromJsonAsync<JsonElement[]>("/sessions/active");
            var session = Assert.Single(active!);
            Assert.Equal("ftps", session.GetProperty("protocol").GetString());
            Assert.Equal("Europe", session.GetProperty("site").GetString());
            Assert.EndsWith($":{((IPEndPoint)connection.Client.LocalEndPoint!).Port}", session.GetProperty("clientAddress").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, session.GetProperty("account").ValueKind);
            Assert.Equal(0, session.GetProperty("bytesInFlight").GetInt64());
            Assert.True(SessionIds.TryParse(session.GetProperty("sessionId").GetString(), out _));
        }

        await Eventually.TrueAsync(() => live.Connected.Count == 0, "the closed session to end");
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/sessions/active"))!);
    }

    [Fact]
    public async Task AForcedResetClosesTheSessionOfAnFtpsUploadInProgressAndDeliversNothing()
    {
        using var client = _server.Client();
        using var created = await client.PostAsJsonAsync("/accounts", new { id = "E-FORCE00001a", password = "a-good-password-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var port = _server.Services.GetRequiredService<ServerFacts>().Describe().Sites["Europe"].FtpsPort!.Value;
        var dropBox = _server.Services.GetRequiredService<DropBox>();
        var live = _server.Services.GetRequiredService<LiveSessions>();
        try
        {
            await using var ftp = await FtpTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await ftp.SecureLoginAsync("E-FORCE00001a", "a-good-password-1");
            var (_, data, _) = await DataTransfers.OpenAsync(ftp, await ftp.ExtendedPassiveAsync(), "STOR /toibm/aix/TS012345678_forced.bin", protect: true);
            await using (data)
            {
                await data.WriteAsync(new byte[64 * 1024]);
                await data.FlushAsync();
                await Eventually.TrueAsync(() => dropBox.UploadsInProgress.Any(upload => upload.Bytes > 0), "the upload to be in progress");

                using var forced = await client.PostAsync("/reset?force=true", null);
                Assert.Equal(HttpStatusCode.OK, forced.StatusCode);

                var closed = false;
                for (var line = 0; line < 10 && !closed; line++)
                {
                    closed = await ftp.IsClosedByServerAsync();
                }

                Assert.True(closed, "the server closed the control connection");
                Assert.Empty(live.Connected);
                Assert.Empty(dropBox.UploadsInProgress);
            }

            Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/uploads"))!);
            Assert.False(File.Exists(Path.Combine(_server.DataDirectory, "receipts.jsonl")));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
        }
        finally
        {
            await client.DeleteAsync("/accounts/E-FORCE00001a");
        }
    }

    [Fact]
    public async Task TheApiIsDescribedByAnOpenApiDocument()
    {
        using var client = _server.Client();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/uploads", "/uploads/wait", "/uploads/{id}", "/uploads/{id}/content", "/sessions", "/sessions/{id}", "/sessions/active", "/accounts", "/reset", "/readyz" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:0", "", "EcurepServer:Management:Url: 0.0.0.0 is not a loopback address; set EcurepServer:Management:Token")]
    [InlineData("http://[::]:0", "", "EcurepServer:Management:Url: :: is not a loopback address")]
    [InlineData("https://127.0.0.1:0", "", "EcurepServer:Management:Url: 'https://127.0.0.1:0' is not an http://address:port URL")]
    [InlineData("http://127.0.0.1:0", "short", "EcurepServer:Management:Token: must be at least 16 characters.")]
    public void ANonLoopbackBindWithoutATokenIsRefused(string url, string token, string error)
    {
        var options = new ManagementOptions { Enabled = true, Url = url, Token = token };

        Assert.Contains(options.Validate("EcurepServer:Management"), failure => failure.StartsWith(error, StringComparison.Ordinal));
        Assert.Empty(new ManagementOptions { Enabled = true, Url = "http://0.0.0.0:0", Token = Token }.Validate("EcurepServer:Management"));
    }

    [Fact]
    public async Task AServerWithANonLoopbackManagementUrlAndNoTokenDoesNotStart()
    {
        using var workspace = new TempWorkspace();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var host = EcurepHost.Build(workspace.Root, ["--EcurepServer:Management:Enabled=true", "--EcurepServer:Management:Url=http://0.0.0.0:0"]);
            await host.StartAsync();
        });
        Assert.Contains("EcurepServer:Management:Url: 0.0.0.0 is not a loopback address", error.Message, StringComparison.Ordinal);
    }

    private static VirtualPath TreePath(string path) => PathResolver.Parse(path).Value!;

    /// <summary>One server with the management endpoint on an OS-chosen loopback port and a configured token.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly TempWorkspace _workspace = new();
        private IHost? _host;

        public Uri Address { get; private set; } = null!;

        public IServiceProvider Services => _host!.Services;

        public string DataDirectory => _workspace.PathOf("data");

        public TempWorkspace Workspace => _workspace;

        public async Task InitializeAsync()
        {
            // Every test here comes from 127.0.0.1 and one presents a wrong token to every endpoint: no lockout between them.
            _host = EcurepHost.Build(_workspace.Root, ["--EcurepServer:Management:Enabled=true", "--EcurepServer:Management:Url=http://127.0.0.1:0", $"--EcurepServer:Management:Token={Token}", "--EcurepServer:Management:MaxTokenFailures=1000"]);
            await _host.StartAsync();
            Address = _host.Services.GetRequiredService<ManagementService>().Address!;
        }

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.StopAsync();
                _host.Dispose();
            }

            _workspace.Dispose();
        }

        public HttpClient Client()
        {
            var client = new HttpClient { BaseAddress = Address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            return client;
        }

        public IDropBoxSession Session() =>
            Services.GetRequiredService<IDropBox>().OpenSession(
                new Principal("E-ABCD12345f", false), new SessionContext(Guid.NewGuid().ToString("N"), "Europe", "ftps", new IPEndPoint(IPAddress.Loopback, 40000)));

        public async Task DeliverAsync(string path, byte[] data)
        {
            var begun = await Session().BeginUploadAsync(new UploadRequest(TreePath(path), UploadMode.Create), CancellationToken.None);
            Assert.True(begun.Succeeded, begun.Refusal?.Message);
            await using var upload = begun.Value!;
            Assert.True((await upload.WriteAsync(data, CancellationToken.None)).Succeeded);
            Assert.True((await upload.CommitAsync(CancellationToken.None)).Succeeded);
        }

        /// <summary>A transcript written by the server's own transcript writer, ended with <paramref name="reason"/>; returns its session id.</summary>
        public async Task<string> WriteTranscriptAsync(string reason, params TranscriptEvent[] events)
        {
            var writer = Services.GetRequiredService<TranscriptWriter>();
            var id = SessionIds.New(DateTimeOffset.UtcNow);
            var transcript = writer.Open(id);
            foreach (var transcriptEvent in events)
            {
                transcript.Write(transcriptEvent);
            }

            transcript.End(reason);
            await writer.FlushAsync(CancellationToken.None);
            return id;
        }

        public async Task<bool> AccountExistsAsync(string id) =>
            (await Services.GetRequiredService<AccountStore>().ListAsync(CancellationToken.None)).Any(account => account.Id == id);
    }
}
