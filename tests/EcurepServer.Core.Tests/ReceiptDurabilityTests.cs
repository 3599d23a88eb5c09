using System.Security.Cryptography;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Logging;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

/// <summary>An upload counts as delivered only once its receipt is on disk; when the receipt cannot be written, the delivery is undone.</summary>
public sealed class ReceiptDurabilityTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FailingReceiptStore _store;
    private readonly DropBoxFixture _fixture;

    public ReceiptDurabilityTests()
    {
        FailingReceiptStore? store = null;
        _fixture = new DropBoxFixture(receipts: inner => store = new FailingReceiptStore(inner));
        _store = store!;
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_failed_receipt_undoes_the_delivery_and_keeps_the_data_for_a_resume()
    {
        var data = RandomNumberGenerator.GetBytes(300);
        var session = _fixture.Open(Alice);
        _store.Failure = () => new IOException("receipts.jsonl: I/O error", 5);

        await using (var upload = await BeginAsync(session, "/toibm/aix/TS012345678_logs.zip"))
        {
            await upload.WriteAsync(data, None);
            var committed = await upload.CommitAsync(None);

            Assert.Equal(RefusalKind.StorageFailed, committed.Refusal!.Kind);
            Assert.Equal("The server could not store /toibm/aix/TS012345678_logs.zip; please try again later.", committed.Refusal.Message);
        }

        Assert.Equal(1, _store.FailedAppends);
        Assert.False(File.Exists(_fixture.Delivered("aix", "TS012345678_logs.zip")));
        Assert.Empty(await _fixture.ReadReceiptsAsync());
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Partial(Alice, "aix", "TS012345678_logs.zip")));
        Assert.Equal(300, session.PartialLength(P("/toibm/aix/TS012345678_logs.zip")).Value);
        Assert.Equal(NodeAccess.Write, session.Stat(P("/toibm/aix/TS012345678_logs.zip")).Value!.Access);
        var error = Assert.Single(_fixture.Logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("delivery was undone", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_fixture.Logger.Entries, e => e.Message.StartsWith("Delivered", StringComparison.Ordinal));

        // Once the receipts can be written again, the client's resume delivers the whole file.
        _store.Failure = null;
        await using var resumed = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/TS012345678_logs.zip", UploadMode.Append);
        Assert.Equal(300, resumed.Length);
        var receipt = (await resumed.CommitAsync(None)).Value!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), receipt.Sha256);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_logs.zip")));
        Assert.Equal([receipt], await _fixture.ReadReceiptsAsync());
    }

    [Fact]
    public async Task A_full_disk_at_the_receipt_is_reported_as_no_room()
    {
        _store.Failure = () => new IOException("No space left on device", 28);
        await using var upload = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/full.bin");
        await upload.WriteAsync(new byte[] { 1, 2, 3 }, None);

        var committed = await upload.CommitAsync(None);

        Assert.Equal(RefusalKind.InsufficientStorage, committed.Refusal!.Kind);
        Assert.False(File.Exists(_fixture.Delivered("aix", "full.bin")));
        Assert.True(File.Exists(_fixture.Partial(Alice, "aix", "full.bin")));
    }

    [Fact]
    public async Task When_even_the_undo_fails_the_client_is_still_told_and_it_is_logged_critical()
    {
        var partial = _fixture.Partial(Alice, "aix", "stuck.bin");
        _store.Failure = () => new IOException("I/O error", 5);

        // Something takes the partial's name while the receipt is written, so the file cannot go back.
        _store.BeforeFailing = () => Directory.CreateDirectory(partial);
        await using var upload = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/stuck.bin");
        await upload.WriteAsync(new byte[] { 1 }, None);

        var committed = await upload.CommitAsync(None);

        Assert.Equal(RefusalKind.StorageFailed, committed.Refusal!.Kind);
        Assert.True(File.Exists(_fixture.Delivered("aix", "stuck.bin")));
        var critical = Assert.Single(_fixture.Logger.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains("nor undo its delivery", critical.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_store_that_throws_anything_undoes_the_delivery()
    {
        _store.Failure = () => new InvalidOperationException("the store is broken");
        await using var upload = await BeginAsync(_fixture.Open(Alice), "/toibm/aix/odd.bin");
        await upload.WriteAsync(new byte[] { 1 }, None);

        Assert.Equal(RefusalKind.StorageFailed, (await upload.CommitAsync(None)).Refusal!.Kind);
        Assert.False(File.Exists(_fixture.Delivered("aix", "odd.bin")));
    }

    private static async Task<IUpload> BeginAsync(Sessions.IDropBoxSession session, string path, UploadMode mode = UploadMode.Create)
    {
        var outcome = await session.BeginUploadAsync(new UploadRequest(P(path), mode), None);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Message);
        return outcome.Value;
    }
}
