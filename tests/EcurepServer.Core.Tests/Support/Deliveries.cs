using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Uploads;

namespace EcurepServer.Core.Tests.Support;

public static class Deliveries
{
    /// <summary>Uploads and commits <paramref name="data"/> to <paramref name="path"/>, failing the test on any refusal.</summary>
    public static async Task<Receipt> DeliverAsync(this IDropBoxSession session, string path, byte[] data)
    {
        var begun = await session.BeginUploadAsync(new UploadRequest(DropBoxFixture.P(path), UploadMode.Create, 0), CancellationToken.None);
        Assert.True(begun.Succeeded, begun.Refusal?.Message);
        await using var upload = begun.Value;
        var written = await upload.WriteAsync(data, CancellationToken.None);
        Assert.True(written.Succeeded, written.Refusal?.Message);
        var committed = await upload.CommitAsync(CancellationToken.None);
        Assert.True(committed.Succeeded, committed.Refusal?.Message);
        return committed.Value;
    }

    /// <summary>Starts an upload, writes <paramref name="data"/> and disconnects, leaving a partial.</summary>
    public static async Task AbandonAsync(this IDropBoxSession session, string path, byte[] data)
    {
        var begun = await session.BeginUploadAsync(new UploadRequest(DropBoxFixture.P(path), UploadMode.Create, 0), CancellationToken.None);
        Assert.True(begun.Succeeded, begun.Refusal?.Message);
        await using var upload = begun.Value;
        Assert.True((await upload.WriteAsync(data, CancellationToken.None)).Succeeded);
    }
}
