using System.Text;
using System.Text.Json;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Tests;

public sealed class ReceiptStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly JsonLinesReceiptStore _store;

    public ReceiptStoreTests() => _store = new JsonLinesReceiptStore(_directory.Combine("data", "receipts.jsonl"));

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Appends_one_camel_case_line_per_receipt()
    {
        await _store.AppendAsync(Receipt("/toibm/aix/a"), CancellationToken.None);
        await _store.AppendAsync(Receipt("/toibm/aix/b"), CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(_store.FilePath);
        Assert.Equal(2, lines.Length);
        using var json = JsonDocument.Parse(lines[0]);
        Assert.Equal("/toibm/aix/a", json.RootElement.GetProperty("path").GetString());
        Assert.Equal("2001:db8::1", json.RootElement.GetProperty("clientAddress").GetString());
        Assert.True(json.RootElement.TryGetProperty("sha256", out _));
        Assert.True(json.RootElement.TryGetProperty("startedUtc", out _));

        Assert.Equal([Receipt("/toibm/aix/a"), Receipt("/toibm/aix/b")], await ReadAllAsync());
    }

    [Fact]
    public async Task Reading_a_missing_file_gives_nothing()
    {
        Assert.Empty(await ReadAllAsync());
    }

    [Fact]
    public async Task Truncated_last_line_is_skipped_and_not_glued_to_the_next_receipt()
    {
        await _store.AppendAsync(Receipt("/toibm/aix/a"), CancellationToken.None);
        var line = JsonSerializer.Serialize(Receipt("/toibm/aix/cut"), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        await File.AppendAllTextAsync(_store.FilePath, line[..(line.Length / 2)], Encoding.UTF8);

        Assert.Equal([Receipt("/toibm/aix/a")], await ReadAllAsync());

        await _store.AppendAsync(Receipt("/toibm/aix/b"), CancellationToken.None);
        Assert.Equal([Receipt("/toibm/aix/a"), Receipt("/toibm/aix/b")], await ReadAllAsync());
    }

    [Fact]
    public async Task Concurrent_appends_keep_every_line_whole()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _store.AppendAsync(Receipt($"/toibm/aix/{i}"), CancellationToken.None).AsTask()));

        var paths = (await ReadAllAsync()).Select(r => r.Path).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"/toibm/aix/{i}").Order(StringComparer.Ordinal), paths);
    }

    private static Receipt Receipt(string path) => new(
        path,
        12,
        new string('a', 64),
        "E-ABCD12345f",
        false,
        "Europe",
        "sftp",
        "2001:db8::1",
        "s1",
        new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 3, 1, 10, 0, 5, TimeSpan.Zero));

    private async Task<List<Receipt>> ReadAllAsync() => await _store.ReadAllAsync(CancellationToken.None).ToListAsync();
}
