using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Options;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

/// <summary>What Core itself notes in a session's transcript: logins and what became of each upload.</summary>
public sealed class TranscriptEventsTests : IDisposable
{
    private const string Password = "secret-password-of-alice";

    private readonly DropBoxFixture _fixture = new(maxUploadBytes: 10);
    private readonly RecordingTranscript _transcript = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_delivered_upload_is_noted_with_its_bytes_hash_and_stored_path()
    {
        var receipt = await _fixture.Open(Alice, transcript: _transcript).DeliverAsync("/toibm/aix/TS012345678_a.zip", [1, 2, 3]);

        var delivered = Assert.IsType<UploadEvent>(Assert.Single(_transcript.Events));
        Assert.Equal(new UploadEvent("/toibm/aix/TS012345678_a.zip", UploadOutcomes.Delivered, 3, 3) { Sha256 = receipt.Sha256, StoredPath = receipt.StoredPath }, delivered);
    }

    [Fact]
    public async Task An_interrupted_upload_is_noted_as_kept_and_its_resume_counts_only_the_bytes_of_the_resuming_session()
    {
        await _fixture.Open(Alice, transcript: _transcript).AbandonAsync("/toibm/aix/a.bin", [1, 2, 3, 4]);
        Assert.Equal(new UploadEvent("/toibm/aix/a.bin", UploadOutcomes.Kept, 4, 4), Assert.Single(_transcript.Events));

        var resumed = new RecordingTranscript();
        var begun = await _fixture.Open(Alice, transcript: resumed).BeginUploadAsync(new UploadRequest(P("/toibm/aix/a.bin"), UploadMode.Resume, 4), CancellationToken.None);
        await using (var upload = begun.Value!)
        {
            Assert.True((await upload.WriteAsync(new byte[] { 5, 6 }, CancellationToken.None)).Succeeded);
            Assert.True((await upload.CommitAsync(CancellationToken.None)).Succeeded);
        }

        var delivered = Assert.IsType<UploadEvent>(Assert.Single(resumed.Events));
        Assert.Equal((UploadOutcomes.Delivered, 2L, 6L), (delivered.Outcome, delivered.Bytes, delivered.Size));
    }

    [Fact]
    public async Task Refusals_say_why_an_upload_never_began_or_never_arrived()
    {
        var session = _fixture.Open(Alice, transcript: _transcript);
        Assert.False((await session.BeginUploadAsync(new UploadRequest(P("/toibm/a.bin"), UploadMode.Create), CancellationToken.None)).Succeeded);
        var tooLarge = (await session.BeginUploadAsync(new UploadRequest(P("/toibm/aix/big.bin"), UploadMode.Create), CancellationToken.None)).Value!;
        await using (tooLarge)
        {
            Assert.False((await tooLarge.WriteAsync(new byte[11], CancellationToken.None)).Succeeded);
        }

        var empty = (await session.BeginUploadAsync(new UploadRequest(P("/toibm/aix/empty.bin"), UploadMode.Create), CancellationToken.None)).Value!;
        await empty.DisposeAsync();

        Assert.Collection(
            _transcript.Events.Cast<UploadEvent>(),
            refused => Assert.Equal(("/toibm/a.bin", UploadOutcomes.Refused), (refused.Path, refused.Outcome)),
            discarded =>
            {
                Assert.Equal(("/toibm/aix/big.bin", UploadOutcomes.Discarded), (discarded.Path, discarded.Outcome));
                Assert.Contains("maximum upload size", discarded.Reason, StringComparison.Ordinal);
            },
            nothing => Assert.Equal(new UploadEvent("/toibm/aix/empty.bin", UploadOutcomes.Discarded, 0, 0), nothing));
        Assert.NotNull(((UploadEvent)_transcript.Events[0]).Reason);
    }

    [Fact]
    public async Task Logins_are_noted_with_the_account_and_never_the_password()
    {
        var directory = new TempDirectory();
        using var accounts = new AccountStore(
            new Support.MemoryAccountCatalog(),
            Options.Create(new AccountOptions { AccountsFile = directory.Combine("accounts.json") }), new PasswordHasher(1000), _fixture.Time, new ListLogger<AccountStore>());
        await accounts.AddAsync("E-ALICE00001a", Password, CancellationToken.None);
        var sites = new SitePolicyOptions();
        sites.Sites["Europe"] = new SitePolicy { AllowAnonymous = true };
        var login = new LoginService(
            accounts, new ConfiguredSitePolicy(Options.Create(sites)), Options.Create(new DropBoxOptions { FailedLoginDelay = TimeSpan.Zero }), _fixture.Time, new ListLogger<LoginService>());
        var context = new SessionContext("s1", "Europe", "ftps", new IPEndPoint(IPAddress.Loopback, 40000)) { Transcript = _transcript };

        await login.LoginAsync(context, "E-ALICE00001a", "wrong-" + Password, CancellationToken.None);
        await login.LoginAsync(context, "E-ALICE00001a", Password, CancellationToken.None);
        await login.LoginAsync(context, "anonymous", "guest@example.com", CancellationToken.None);

        Assert.Equal(
            [
                new LoginEvent("E-ALICE00001a", false, false, null, nameof(LoginFailure.WrongCredentials)),
                new LoginEvent("E-ALICE00001a", true, false, "E-ALICE00001a", null),
                new LoginEvent("anonymous", true, true, "guest@example.com", null),
            ],
            _transcript.Events);
        directory.Dispose();
    }
}
