using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Uploads;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

/// <summary>
/// Each account's deliveries are kept apart: the same name from two accounts is two uploads, and no answer differs
/// because another account delivered a name (case names are guessable, so that would be an oracle and a squat).
/// </summary>
public sealed class AccountSeparationTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly DropBoxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Two_accounts_uploading_the_same_name_both_get_their_own_upload()
    {
        var first = await _fixture.Open(Alice).DeliverAsync("/toibm/aix/TS012345678_logs.zip", [1, 1]);
        var second = await _fixture.Open(Bob).DeliverAsync("/toibm/aix/TS012345678_logs.zip", [2, 2, 2]);

        Assert.Equal(new byte[] { 1, 1 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_logs.zip")));
        Assert.Equal(new byte[] { 2, 2, 2 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_logs.zip", Bob)));
        Assert.Equal("uploads/toibm/aix/E-ALICE00001a/TS012345678_logs.zip", first.StoredPath);
        Assert.Equal("uploads/toibm/aix/E-BOB000002b/TS012345678_logs.zip", second.StoredPath);
        Assert.Equal(first.Path, second.Path);
        Assert.Equal([first, second], await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task Another_accounts_delivery_changes_no_answer()
    {
        await _fixture.Open(Bob).DeliverAsync("/toibm/aix/TS012345678_taken.zip", [9]);
        var legacy = _fixture.LegacyDelivered("aix", "TS012345678_old.zip");
        await File.WriteAllBytesAsync(legacy, [9]);
        var alice = _fixture.Open(Alice);

        foreach (var name in new[] { "TS012345678_taken.zip", "TS012345678_old.zip" })
        {
            const string never = "TS012345678_never.zip";
            Assert.Equal(Answers(alice, never), Answers(alice, name).Replace(name, never, StringComparison.Ordinal));
            Assert.Equal(P($"/toibm/aix/{name}"), alice.UniqueName(P("/toibm/aix"), name).Value);
        }

        // Taking the name delivers Alice's own file; Bob's stays as it was.
        var receipt = await alice.DeliverAsync("/toibm/aix/TS012345678_taken.zip", [1]);
        Assert.Equal(new byte[] { 9 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_taken.zip", Bob)));
        Assert.Equal(Alice.Name, receipt.Account);
        Assert.Equal(new byte[] { 9 }, await File.ReadAllBytesAsync(legacy));
    }

    [Fact]
    public async Task Another_accounts_upload_in_progress_blocks_nothing()
    {
        var bob = await _fixture.Open(Bob).BeginUploadAsync(new UploadRequest(P("/toibm/aix/busy.zip"), UploadMode.Create), None);
        await using var bobUpload = bob.Value!;
        var alice = _fixture.Open(Alice);

        Assert.Equal(P("/toibm/aix/busy.zip"), alice.UniqueName(P("/toibm/aix"), "busy.zip").Value);
        await alice.DeliverAsync("/toibm/aix/busy.zip", [1]);
        Assert.True((await bobUpload.CommitAsync(None)).Succeeded);
    }

    /// <summary>Every answer a client can get about a name before uploading it, as one comparable text.</summary>
    private static string Answers(IDropBoxSession session, string name)
    {
        var path = P($"/toibm/aix/{name}");
        var stat = session.Stat(path);
        var partial = session.PartialLength(path);
        var read = session.OpenRead(path, 0);
        return string.Join('|', stat.Refusal?.Kind, stat.Refusal?.Message, partial.Refusal?.Kind, partial.Refusal?.Message, read.Refusal?.Kind, read.Refusal?.Message);
    }
}
