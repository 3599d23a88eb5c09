using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

/// <summary>
/// Daily upload quotas: charged as bytes are written, per Transfer ID and for all anonymous users together, per UTC
/// day of the injected clock, and counted again from receipts and partial files after a restart.
/// </summary>
public sealed class QuotaTests : IAsyncLifetime
{
    private const long Quota = 1000;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal OtherGuest = new("anonymous", IsAnonymous: true, AnonymousEmail: "other@example.com");

    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly JsonLinesReceiptStore _receipts;
    private readonly AccountStore _accounts;
    private readonly DropBoxOptions _options;
    private int _sessions;

    public QuotaTests()
    {
        _options = new DropBoxOptions
        {
            DataDirectory = _directory.Combine("data"),
            Products = ["aix", "linux"],
            Quota = new QuotaOptions { AccountBytesPerDay = Quota, AnonymousBytesPerDay = Quota },
        };
        _receipts = new JsonLinesReceiptStore(_directory.Combine("data", "receipts.jsonl"));
        var accountOptions = Options.Create(new AccountOptions { AccountsFile = _directory.Combine("accounts.json"), Pbkdf2Iterations = 10_000 });
        _accounts = new AccountStore(new Support.MemoryAccountCatalog(), accountOptions, new PasswordHasher(10_000), _time, new ListLogger<AccountStore>());
        Box = NewDropBox();
    }

    private DropBox Box { get; set; }

    private ListLogger<DropBox> Logger { get; set; } = new();

    public async Task InitializeAsync()
    {
        Assert.True((await _accounts.AddAsync(Alice.Name, "password-1", None)).Succeeded);
        Assert.True((await _accounts.AddAsync(Bob.Name, "password-2", None)).Succeeded);
    }

    public Task DisposeAsync()
    {
        _receipts.Dispose();
        _accounts.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_write_reaching_the_quota_keeps_what_fits_and_refuses_and_the_partial_is_resumed_the_next_day()
    {
        var data = Bytes(1200, seed: 1);
        var session = Open(Alice);
        await using (var upload = await BeginAsync(session, "/toibm/aix/big.bin"))
        {
            Assert.True((await upload.WriteAsync(data.AsMemory(0, 600), None)).Succeeded);

            var refused = await upload.WriteAsync(data.AsMemory(600, 600), None);

            Assert.Equal(RefusalKind.QuotaExceeded, refused.Refusal!.Kind);
            Assert.Equal(
                "Upload quota exceeded: E-ALICE00001a may upload 1000 bytes a day (UTC) and has 0 left today; /toibm/aix/big.bin was not delivered. Upload or resume it after 00:00 UTC.",
                refused.Refusal.Message);
            Assert.Equal(1000, upload.Length);
            Assert.Equal(RefusalKind.QuotaExceeded, (await upload.WriteAsync(data.AsMemory(1000, 1), None)).Refusal!.Kind);
            Assert.Equal(RefusalKind.QuotaExceeded, (await upload.CommitAsync(None)).Refusal!.Kind);
        }

        Assert.Equal(1000, session.PartialLength(P("/toibm/aix/big.bin")).Value);
        Assert.False(File.Exists(_directory.Combine("data", "uploads", "toibm", "aix", "big.bin")));
        Assert.Equal(0, (await session.AllowanceAsync(None)).RemainingToday);

        // With nothing left, an upload is refused before it starts and leaves nothing behind.
        var begun = await session.BeginUploadAsync(new UploadRequest(P("/toibm/aix/next.bin"), UploadMode.Create), None);
        Assert.Equal(RefusalKind.QuotaExceeded, begun.Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, session.PartialLength(P("/toibm/aix/next.bin")).Refusal!.Kind);

        _time.Advance(TimeSpan.FromHours(12));
        await using (var resumed = await BeginAsync(session, "/toibm/aix/big.bin", UploadMode.Append))
        {
            Assert.Equal(1000, resumed.Length);
            Assert.True((await resumed.WriteAsync(data.AsMemory(1000), None)).Succeeded);
            Assert.Equal(Sha256(data), (await resumed.CommitAsync(None)).Value!.Sha256);
        }

        var allowance = await session.AllowanceAsync(None);
        Assert.Equal(200, allowance.UsedToday);
        Assert.Equal(800, allowance.RemainingToday);
    }

    [Fact]
    public async Task An_upload_running_over_midnight_counts_its_later_bytes_against_the_new_day()
    {
        var session = Open(Alice);
        await using var upload = await BeginAsync(session, "/toibm/aix/night.bin");
        Assert.True((await upload.WriteAsync(new byte[900], None)).Succeeded);
        Assert.Equal(RefusalKind.QuotaExceeded, (await BeginUploadAsync(session, "/toibm/aix/other.bin", 200)).Refusal!.Kind);

        _time.Advance(TimeSpan.FromHours(12));

        Assert.True((await upload.WriteAsync(new byte[900], None)).Succeeded);
        Assert.True((await upload.CommitAsync(None)).Succeeded);
        Assert.Equal(900, (await session.AllowanceAsync(None)).UsedToday);
    }

    [Fact]
    public async Task Transfer_ids_have_quotas_of_their_own_and_anonymous_users_share_one()
    {
        await Open(Alice).DeliverAsync("/toibm/aix/a.bin", new byte[Quota]);
        await Open(Guest).DeliverAsync("/toibm/aix/g1.bin", new byte[700]);

        Assert.Equal(RefusalKind.QuotaExceeded, (await BeginUploadAsync(Open(Alice), "/toibm/aix/a2.bin", 1)).Refusal!.Kind);
        await Open(Bob).DeliverAsync("/toibm/aix/b.bin", new byte[Quota - 1]);
        var other = await BeginUploadAsync(Open(OtherGuest), "/toibm/aix/g2.bin", 400);
        Assert.Equal(RefusalKind.QuotaExceeded, other.Refusal!.Kind);
        Assert.Equal(
            "Upload quota exceeded: anonymous users together may upload 1000 bytes a day (UTC) and have 0 left today; /toibm/aix/g2.bin was not delivered. Upload or resume it after 00:00 UTC, or log in with a Transfer ID.",
            other.Refusal.Message);
        Assert.Equal(0, (await Open(Guest).AllowanceAsync(None)).RemainingToday);
        Assert.Equal(RefusalKind.QuotaExceeded, (await BeginUploadAsync(Open(Guest), "/toibm/aix/g3.bin", 1)).Refusal!.Kind);
        await Open(Bob).DeliverAsync("/toibm/aix/b2.bin", new byte[1]);
    }

    [Fact]
    public async Task An_accounts_own_quota_replaces_the_configured_one_and_zero_means_none()
    {
        Assert.True((await _accounts.SetQuotaAsync(Alice.Name, 2 * Quota, None)).Succeeded);
        Assert.True((await _accounts.SetQuotaAsync(Bob.Name, 0, None)).Succeeded);

        await Open(Alice).DeliverAsync("/toibm/aix/a.bin", new byte[2 * Quota]);
        await Open(Bob).DeliverAsync("/toibm/aix/b.bin", new byte[5 * Quota]);

        Assert.Equal(0, (await Open(Alice).AllowanceAsync(None)).RemainingToday);
        var bob = await Open(Bob).AllowanceAsync(None);
        Assert.Null(bob.QuotaBytesPerDay);
        Assert.Equal(5 * Quota, bob.UsedToday);
        Assert.True((await _accounts.SetQuotaAsync(Alice.Name, null, None)).Succeeded);
        Assert.Equal(Quota, (await Open(Alice).AllowanceAsync(None)).QuotaBytesPerDay);
    }

    [Fact]
    public async Task A_restart_counts_todays_receipts_and_partials_and_a_resume_does_not_count_the_kept_part_again()
    {
        await Open(Bob).DeliverAsync("/toibm/aix/yesterday.bin", new byte[500]);
        await Open(Bob).AbandonAsync("/toibm/linux/old.bin", new byte[400]);
        SetPartialsWritten(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromDays(1));
        await Open(Alice).DeliverAsync("/toibm/aix/today.bin", new byte[300]);
        await Open(Alice).AbandonAsync("/toibm/aix/kept.bin", new byte[200]);
        await Open(Guest).AbandonAsync("/toibm/aix/guest.bin", new byte[100]);
        SetPartialsWritten(_time.GetUtcNow(), except: "old.bin");

        Box = NewDropBox();

        Assert.Equal(500, (await Open(Alice).AllowanceAsync(None)).UsedToday);
        Assert.Equal(100, (await Open(OtherGuest).AllowanceAsync(None)).UsedToday);
        Assert.Equal(0, (await Open(Bob).AllowanceAsync(None)).UsedToday);
        var alice = Open(Alice);
        await using (var resumed = await BeginAsync(alice, "/toibm/aix/kept.bin", UploadMode.Append))
        {
            Assert.True((await resumed.WriteAsync(new byte[100], None)).Succeeded);
            Assert.True((await resumed.CommitAsync(None)).Succeeded);
        }

        Assert.Equal(600, (await alice.AllowanceAsync(None)).UsedToday);
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Upload quotas: 600 bytes uploaded on 2025-01-02", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uploads_running_at_once_never_cross_the_quota_together()
    {
        var uploads = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => BeginAsync(Open(i % 2 == 0 ? Guest : OtherGuest), $"/toibm/aix/p{i}.bin")));
        await Task.WhenAll(uploads.Select(upload => Task.Run(async () =>
        {
            while ((await upload.WriteAsync(new byte[7], None)).Succeeded)
            {
            }
        })));

        Assert.Equal(Quota, uploads.Sum(upload => upload.Length));
        foreach (var upload in uploads)
        {
            await upload.DisposeAsync();
        }
    }

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));

    private static async Task<IUpload> BeginAsync(IDropBoxSession session, string path, UploadMode mode = UploadMode.Create)
    {
        var begun = await session.BeginUploadAsync(new UploadRequest(P(path), mode), None);
        Assert.True(begun.Succeeded, begun.Refusal?.Message);
        return begun.Value;
    }

    /// <summary>Starts an upload and writes <paramref name="bytes"/>; the first refusal, or the upload disposed without commit.</summary>
    private static async Task<Outcome<long>> BeginUploadAsync(IDropBoxSession session, string path, int bytes)
    {
        var begun = await session.BeginUploadAsync(new UploadRequest(P(path), UploadMode.Create), None);
        if (!begun.Succeeded)
        {
            return begun.Refusal;
        }

        await using var upload = begun.Value;
        return await upload.WriteAsync(new byte[bytes], None);
    }

    private DropBox NewDropBox()
    {
        Logger = new ListLogger<DropBox>();
        return new DropBox(Options.Create(_options), _receipts, _time, Logger, _accounts);
    }

    private IDropBoxSession Open(Principal principal)
    {
        var id = Interlocked.Increment(ref _sessions);
        return Box.OpenSession(principal, new SessionContext($"q{id}", "Europe", "ftps", new IPEndPoint(IPAddress.Loopback, 40000 + id)));
    }

    /// <summary>Partial files get the real time as they are written; the test clock's day decides what counts.</summary>
    private void SetPartialsWritten(DateTimeOffset time, string? except = null)
    {
        foreach (var file in Directory.EnumerateFiles(_directory.Combine("data", "uploads"), "*", SearchOption.AllDirectories))
        {
            if (file.Contains("/.partial/", StringComparison.Ordinal) && Path.GetFileName(file) != except)
            {
                File.SetLastWriteTimeUtc(file, time.UtcDateTime);
            }
        }
    }
}
