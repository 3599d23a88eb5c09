using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Uploads;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

/// <summary>Renaming an upload before it is delivered (WinSCP's <c>name.filepart</c> then RENAME over SFTP).</summary>
public sealed class UploadRenameTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly DropBoxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Renamed_upload_is_delivered_only_under_the_new_name()
    {
        var session = _fixture.Open(Alice);
        await using var upload = await BeginAsync(session, "/toibm/aix/logs.zip.filepart");
        await upload.WriteAsync(new byte[] { 1, 2, 3 }, None);

        var renamed = await upload.RenameAsync(P("/toibm/aix/logs.zip"), CancellationToken.None);
        var receipt = (await upload.CommitAsync(None)).Value!;

        Assert.Equal(P("/toibm/aix/logs.zip"), renamed.Value);
        Assert.Equal(P("/toibm/aix/logs.zip"), upload.Path);
        Assert.Equal("/toibm/aix/logs.zip", receipt.Path);
        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "logs.zip")));
        Assert.False(File.Exists(_fixture.Delivered("aix", "logs.zip.filepart")));
        Assert.Equal(3, session.Stat(P("/toibm/aix/logs.zip")).Value!.Size);
        Assert.Single(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task Rename_stays_within_the_directory()
    {
        await using var upload = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/a.filepart");

        var moved = await upload.RenameAsync(P("/toibm/linux/a"), CancellationToken.None);

        Assert.Equal(RefusalKind.PermissionDenied, moved.Refusal!.Kind);
        Assert.Equal("/toibm/aix/a.filepart can only be renamed within /toibm/aix.", moved.Refusal.Message);
        Assert.Equal(P("/toibm/aix/a.filepart"), upload.Path);
    }

    [Fact]
    public async Task Rename_never_targets_a_delivered_name()
    {
        var session = _fixture.Open(Alice);
        await using (var first = await BeginAsync(session, "/toibm/aix/taken.zip"))
        {
            await first.CommitAsync(None);
        }

        await using var upload = await BeginAsync(session, "/toibm/aix/taken.zip.filepart");
        var renamed = await upload.RenameAsync(P("/toibm/aix/taken.zip"), CancellationToken.None);

        Assert.Equal(RefusalKind.AlreadyExists, renamed.Refusal!.Kind);
        Assert.True((await upload.RenameAsync(P("/toibm/aix/free.zip"), CancellationToken.None)).Succeeded);
        Assert.Equal("/toibm/aix/free.zip", (await upload.CommitAsync(None)).Value!.Path);
    }

    [Fact]
    public async Task Rename_respects_an_upload_in_progress_and_releases_what_it_held()
    {
        var session = _fixture.Open(Alice);
        await using var busy = await BeginAsync(session, "/toibm/aix/busy.zip");
        await using var upload = await BeginAsync(session, "/toibm/aix/x.filepart");

        Assert.Equal(RefusalKind.Unavailable, (await upload.RenameAsync(P("/toibm/aix/busy.zip"), CancellationToken.None)).Refusal!.Kind);
        Assert.True((await upload.RenameAsync(P("/toibm/aix/y.zip"), CancellationToken.None)).Succeeded);
        Assert.True((await upload.RenameAsync(P("/toibm/aix/z.zip"), CancellationToken.None)).Succeeded);

        // y.zip is free again; z.zip and the partial's own name stay held until the upload ends.
        await using (var y = await BeginAsync(session, "/toibm/aix/y.zip"))
        {
        }

        Assert.False((await session.BeginUploadAsync(new UploadRequest(P("/toibm/aix/z.zip"), UploadMode.Create), None)).Succeeded);
        Assert.False((await session.BeginUploadAsync(new UploadRequest(P("/toibm/aix/x.filepart"), UploadMode.Create), None)).Succeeded);

        await upload.DisposeAsync();
        await using var z = await BeginAsync(session, "/toibm/aix/z.zip");
        await using var x = await BeginAsync(session, "/toibm/aix/x.filepart", UploadMode.Append);
    }

    [Fact]
    public async Task Renamed_upload_ended_without_commit_delivers_nothing_and_keeps_its_partial()
    {
        var session = _fixture.Open(Alice);
        await using (var upload = await BeginAsync(session, "/toibm/aix/r.filepart"))
        {
            await upload.WriteAsync(new byte[] { 9, 9 }, None);
            Assert.True((await upload.RenameAsync(P("/toibm/aix/r"), CancellationToken.None)).Succeeded);
        }

        Assert.False(File.Exists(_fixture.Delivered("aix", "r")));
        Assert.Equal(2, session.PartialLength(P("/toibm/aix/r.filepart")).Value);
        Assert.Empty(await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task Delivered_upload_cannot_be_renamed()
    {
        await using var upload = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/done.filepart");
        await upload.CommitAsync(None);

        Assert.Equal(RefusalKind.Unavailable, (await upload.RenameAsync(P("/toibm/aix/done"), CancellationToken.None)).Refusal!.Kind);
    }

    private static async Task<IUpload> BeginAsync(Sessions.IDropBoxSession session, string path, UploadMode mode = UploadMode.Create)
    {
        var outcome = await session.BeginUploadAsync(new UploadRequest(P(path), mode), None);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Message);
        return outcome.Value;
    }
}
