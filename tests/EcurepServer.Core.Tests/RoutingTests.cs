using System.Text.Json;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.Core.Tests.Support;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

public sealed class RoutingTests
{
    [Theory]
    [InlineData("34143.055.724.zip", "34143.055.724")]
    [InlineData("12345,123,724.DUMP.ZIP", "12345.123.724")]
    [InlineData("12345.123.724.DUMP.ZIP", "12345.123.724")]
    [InlineData("12345,123.724,snap.tar", "12345.123.724")]
    [InlineData("1a2b3.000.999.log", "1A2B3.000.999")]
    [InlineData("ABCDE.055.724", "ABCDE.055.724")]
    [InlineData("34143.055.724,trace", "34143.055.724")]
    public void Pmr_names_are_routed_to_their_pmr(string name, string pmr)
    {
        Assert.Equal(new Route(RouteKind.Pmr, Pmr: pmr), FileNameRouter.Classify(name));
    }

    [Theory]
    [InlineData("TS012345678_logs.zip", "TS012345678")]
    [InlineData("TS012345678.logs.zip", "TS012345678")]
    [InlineData("TS012345678", "TS012345678")]
    [InlineData("ts012345678_snap.tgz", "TS012345678")]
    [InlineData("Ts999999999.", "TS999999999")]
    public void Case_names_are_routed_to_their_case(string name, string caseNumber)
    {
        Assert.Equal(new Route(RouteKind.Case, Case: caseNumber), FileNameRouter.Classify(name));
    }

    [Theory]
    [InlineData("boot.ini")]
    [InlineData("TS01234567_logs.zip")]
    [InlineData("TS0123456789_logs.zip")]
    [InlineData("TS012345678-logs.zip")]
    [InlineData("TS012345678logs.zip")]
    [InlineData("XS012345678_logs.zip")]
    [InlineData("logs_TS012345678.zip")]
    [InlineData("3414.055.724.zip")]
    [InlineData("341433.055.724.zip")]
    [InlineData("34143.55.724.zip")]
    [InlineData("34143.055.72.zip")]
    [InlineData("34143.055.7245.zip")]
    [InlineData("34143.055.724_dump.zip")]
    [InlineData("34143;055;724.zip")]
    [InlineData("34143.A55.724.zip")]
    [InlineData("34-43.055.724.zip")]
    [InlineData("x34143.055.724.zip")]
    [InlineData("")]
    public void Other_names_are_lost(string name)
    {
        Assert.Equal(Route.Lost, FileNameRouter.Classify(name));
    }

    [Fact]
    public void Non_ascii_digits_do_not_make_a_case_or_pmr()
    {
        Assert.Equal(Route.Lost, FileNameRouter.Classify("TS٠١٢٣٤٥٦٧٨_logs.zip"));
        Assert.Equal(Route.Lost, FileNameRouter.Classify("34143.٠٥٥.724.zip"));
    }

    [Theory]
    [InlineData("34143.055.724", "34143.055.724")]
    [InlineData("34143,055,724", "34143.055.724")]
    [InlineData(" 1a2b3.055.724 ", "1A2B3.055.724")]
    public void Operators_may_type_a_pmr_with_dots_or_commas(string text, string pmr)
    {
        Assert.True(FileNameRouter.TryParsePmr(text, out var parsed));
        Assert.Equal(pmr, parsed);
    }

    [Theory]
    [InlineData("34143.055.724.zip")]
    [InlineData("34143.055")]
    [InlineData("TS012345678")]
    [InlineData("")]
    [InlineData(null)]
    public void A_pmr_filter_must_be_exactly_a_pmr(string? text)
    {
        Assert.False(FileNameRouter.TryParsePmr(text, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("TS012345678", "TS012345678")]
    [InlineData("ts012345678", "TS012345678")]
    public void Operators_may_type_a_case_number_in_either_case(string text, string caseNumber)
    {
        Assert.True(FileNameRouter.TryParseCase(text, out var parsed));
        Assert.Equal(caseNumber, parsed);
    }

    [Theory]
    [InlineData("TS012345678_logs.zip")]
    [InlineData("TS01234567")]
    [InlineData("012345678")]
    [InlineData(null)]
    public void A_case_filter_must_be_exactly_a_case_number(string? text)
    {
        Assert.False(FileNameRouter.TryParseCase(text, out _));
    }

    [Fact]
    public void Routes_read_as_they_are_logged()
    {
        Assert.Equal("case TS012345678", FileNameRouter.Classify("TS012345678_logs.zip").ToString());
        Assert.Equal("pmr 12345.123.724", FileNameRouter.Classify("12345,123,724.DUMP.ZIP").ToString());
        Assert.Equal("lost", FileNameRouter.Classify("boot.ini").ToString());
    }

    [Theory]
    [InlineData("/toibm/aix/34143.055.724.zip", RouteKind.Pmr)]
    [InlineData("/toibm/aix/12345,123,724.DUMP.ZIP", RouteKind.Pmr)]
    [InlineData("/toibm/linux/TS012345678_logs.zip", RouteKind.Case)]
    [InlineData("/toibm/aix/boot.ini", RouteKind.Lost)]
    public async Task Commit_records_the_route_in_the_receipt_and_the_log(string path, RouteKind kind)
    {
        using var fixture = new DropBoxFixture();
        var name = path[(path.LastIndexOf('/') + 1)..];

        var receipt = await fixture.Open(Alice).DeliverAsync(path, [1, 2, 3]);

        Assert.Equal(FileNameRouter.Classify(name), receipt.Route);
        Assert.Equal(kind, receipt.Route!.Kind);
        Assert.Equal([receipt], await fixture.ReadReceiptsAsync());
        var delivered = Assert.Single(fixture.Logger.Entries, e => e.Message.StartsWith("Delivered", StringComparison.Ordinal));
        Assert.Equal(receipt.Route.ToString(), delivered.Properties["Route"]);
        Assert.True(File.Exists(fixture.Delivered(path.Split('/')[2], name)));
    }

    [Fact]
    public async Task The_route_is_stored_as_readable_json()
    {
        using var fixture = new DropBoxFixture();
        await fixture.Open(Alice).DeliverAsync("/toibm/aix/12345,123,724.DUMP.ZIP", [1]);
        await fixture.Open(Alice).DeliverAsync("/toibm/aix/boot.ini", [1]);

        var lines = await File.ReadAllLinesAsync(fixture.Receipts.FilePath);

        using var pmr = JsonDocument.Parse(lines[0]);
        Assert.Equal("""{"kind":"pmr","pmr":"12345.123.724"}""", pmr.RootElement.GetProperty("route").GetRawText());
        using var lost = JsonDocument.Parse(lines[1]);
        Assert.Equal("""{"kind":"lost"}""", lost.RootElement.GetProperty("route").GetRawText());
    }

    [Fact]
    public async Task Receipts_written_before_routing_still_read_and_get_their_route_from_the_name()
    {
        using var directory = new TempDirectory();
        using var store = new JsonLinesReceiptStore(directory.Combine("receipts.jsonl"));
        const string OldLine = """{"path":"/toibm/aix/34143.055.724.zip","size":3,"sha256":"ab","account":"E-ABCD12345f","anonymous":false,"site":"Europe","protocol":"ftps","clientAddress":"127.0.0.1","sessionId":"s1","startedUtc":"2025-01-01T00:00:00+00:00","completedUtc":"2025-01-01T00:00:01+00:00"}""";
        await File.WriteAllTextAsync(store.FilePath, OldLine + "\n");

        var old = Assert.Single(await store.ReadAllAsync(CancellationToken.None).ToListAsync());
        Assert.Null(old.Route);
        Assert.Equal(new Route(RouteKind.Pmr, Pmr: "34143.055.724"), FileNameRouter.RouteOf(old));
    }
}
