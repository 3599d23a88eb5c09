using System.Text.Json;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;

namespace EcurepServer.Core.Tests;

/// <summary>
/// The hand-written receipt reader against the source-generated serializer it stands in for: every member of a
/// receipt as written is read back by the reader itself, and every text, well-formed or not, is accepted or refused
/// exactly as the serializer accepts or refuses it.
/// </summary>
public sealed class ReceiptReaderTests
{
    private const string Members =
        "\"path\":\"/toibm/aix/TS012345678_a.zip\",\"size\":1024,\"sha256\":\"ABCDEF\",\"account\":\"E-ABCD12345f\",\"anonymous\":false,"
        + "\"site\":\"Europe\",\"protocol\":\"sftp\",\"clientAddress\":\"192.0.2.7\",\"sessionId\":\"s-1\","
        + "\"startedUtc\":\"2026-12-03T08:00:00+00:00\",\"completedUtc\":\"2026-12-03T08:00:05.1234567+00:00\"";

    private static readonly Receipt[] WrittenReceipts =
    [
        Receipt(new Route(RouteKind.Case, Case: "TS012345678"), "uploads/toibm/aix/E-ABCD12345f/TS012345678_a.zip"),
        Receipt(new Route(RouteKind.Pmr, Pmr: "34143.055.724"), null),
        Receipt(Route.Lost, "uploads/toibm/aix/x"),
        Receipt(null, null),
        Receipt(Route.Lost, null) with
        {
            Path = "/toibm/aix/\"quoted\" \\ ünïcödé \u0001\u2028.zip",
            Account = "someone@example.com",
            Anonymous = true,
            Size = long.MaxValue,
            StartedUtc = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(2)),
        },
    ];

    public static TheoryData<Receipt> Written => [.. WrittenReceipts];

    [Theory]
    [MemberData(nameof(Written))]
    public void Reads_every_member_of_a_receipt_as_written(Receipt receipt)
    {
        var json = ReceiptJson.Serialize(receipt);

        var read = ReceiptReader.TryRead(json);

        Assert.Equal(receipt, read);
        Assert.Equal(receipt.StartedUtc.Offset, read!.StartedUtc.Offset);
        Assert.Equal(ReceiptJson.SerializerDeserialize(json), ReceiptJson.Deserialize(json));
    }

    [Theory]
    [InlineData("{" + Members + "}")]
    [InlineData(" \n{" + Members + "} \r\n")]
    [InlineData("{" + Members + ",\"route\":null,\"storedPath\":null}")]
    [InlineData("{" + Members + ",\"route\":{\"kind\":\"case\",\"case\":\"TS012345678\",\"pmr\":null}}")]
    [InlineData("{\"route\":{\"case\":\"TS012345678\",\"kind\":\"case\"}," + Members + "}")]
    [InlineData("{" + Members + ",\"\\u0073toredPath\":\"uploads/x\"}")]
    public void Reads_what_the_serializer_reads_the_same(string json)
    {
        Assert.Equal(ReceiptJson.SerializerDeserialize(json), ReceiptReader.TryRead(json));
    }

    /// <summary>Other forms, which the reader leaves to the serializer: the answer (a receipt or a refusal) is the serializer's.</summary>
    [Theory]
    [InlineData("{" + Members + ",\"extra\":{\"a\":[1,2]}}")]
    [InlineData("{" + Members + ",\"site\":\"Americas\"}")]
    [InlineData("{" + Members + ",\"route\":{\"kind\":1,\"case\":\"TS012345678\"}}")]
    [InlineData("{" + Members + ",\"route\":{\"kind\":\"Case\",\"case\":\"TS012345678\"}}")]
    [InlineData("{" + Members + ",\"route\":{\"kind\":\"lost\",\"other\":true}}")]
    [InlineData("{" + Members + ",\"storedPath\":\"x\\ud800\"}")]
    [InlineData("{" + Members + ",\"storedPath\":\"x\\ud800\\u0041\"}")]
    [InlineData("{" + Members + ",\"x\\ud800\":1}")]
    public void Leaves_other_forms_to_the_serializer(string json)
    {
        Assert.Null(ReceiptReader.TryRead(json));
        Assert.Equal(Outcome(() => ReceiptJson.SerializerDeserialize(json)), Outcome(() => ReceiptJson.Deserialize(json)));
    }

    public static TheoryData<string> Malformed()
    {
        var data = new TheoryData<string>
        {
            "",
            "null",
            "[]",
            "\"receipt\"",
            "{}",
            "{" + Members,
            "{" + Members + "}x",
            "{" + Members + "}{}",
            "{" + Members + ",}",
            "{" + Members + "/* note */}",
            "{" + Members.Replace("\"size\":1024", "\"size\":\"1024\"", StringComparison.Ordinal) + "}",
            "{" + Members.Replace("\"size\":1024", "\"size\":1024.5", StringComparison.Ordinal) + "}",
            "{" + Members.Replace("\"size\":1024", "\"size\":1e3", StringComparison.Ordinal) + "}",
            "{" + Members.Replace("\"size\":1024", "\"size\":99999999999999999999", StringComparison.Ordinal) + "}",
            "{" + Members.Replace("\"anonymous\":false", "\"anonymous\":0", StringComparison.Ordinal) + "}",
            "{" + Members.Replace("\"anonymous\":false", "\"anonymous\":\"false\"", StringComparison.Ordinal) + "}",
            "{" + Members.Replace("2026-12-03T08:00:00+00:00", "yesterday", StringComparison.Ordinal) + "}",
            "{" + Members.Replace("\"startedUtc\":\"2026-12-03T08:00:00+00:00\"", "\"startedUtc\":0", StringComparison.Ordinal) + "}",
            "{" + Members + ",\"route\":{\"case\":\"TS012345678\"}}",
            "{" + Members + ",\"route\":{\"kind\":\"nowhere\"}}",
            "{" + Members + ",\"route\":{\"kind\":null}}",
            "{" + Members + ",\"route\":\"lost\"}",
            "{" + Members + ",\"route\":{\"kind\":\"case\",\"case\":7}}",
            "{" + Members + ",\"storedPath\":7}",
        };
        foreach (var member in new[] { "path", "size", "sha256", "account", "anonymous", "site", "protocol", "clientAddress", "sessionId", "startedUtc", "completedUtc" })
        {
            data.Add("{" + Without(member) + "}");
            data.Add("{" + Without(member) + $",\"{member}\":null}}");
            data.Add("{" + Without(member) + $",\"{member.ToUpperInvariant()}\":{ValueOf(member)}}}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Refuses_what_the_serializer_refuses(string json)
    {
        Assert.Throws<JsonException>(() => ReceiptJson.SerializerDeserialize(json));

        Assert.Null(ReceiptReader.TryRead(json));
        Assert.Throws<JsonException>(() => ReceiptJson.Deserialize(json));
    }

    [Fact]
    public void Refuses_text_that_is_not_unicode_as_the_serializer_does()
    {
        var json = "{" + Members.Replace("s-1", "s-\ud800", StringComparison.Ordinal) + "}";

        Assert.Null(ReceiptReader.TryRead(json));
        Assert.Equal(Outcome(() => ReceiptJson.SerializerDeserialize(json)), Outcome(() => ReceiptJson.Deserialize(json)));
    }

    /// <summary>Texts a byte away from receipts as written (a fixed seed, so every run tries the same): answered as the serializer answers.</summary>
    [Fact]
    public void Answers_every_near_miss_as_the_serializer_does()
    {
        var random = new Random(19);
        const string Alphabet = "{}[]\":,\\ -+.0123456789eEtrufalsn\u00e9\ud800";
        var written = WrittenReceipts.Select(ReceiptJson.Serialize).ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var json = written[random.Next(written.Length)];
            var at = random.Next(json.Length);
            var changed = random.Next(3) switch
            {
                0 => json.Remove(at, 1),
                1 => json.Insert(at, Alphabet[random.Next(Alphabet.Length)].ToString()),
                _ => json[..at] + Alphabet[random.Next(Alphabet.Length)] + json[(at + 1)..],
            };

            Assert.Equal(Outcome(() => ReceiptJson.SerializerDeserialize(changed)), Outcome(() => ReceiptJson.Deserialize(changed)));
        }
    }

    [Fact]
    public void Reads_a_receipt_longer_than_the_stack_buffer()
    {
        var receipt = Receipt(Route.Lost, "uploads/" + new string('ü', 4000));

        Assert.Equal(receipt, ReceiptReader.TryRead(ReceiptJson.Serialize(receipt)));
    }

    private static string Without(string member)
    {
        var start = Members.IndexOf($"\"{member}\":", StringComparison.Ordinal);
        var end = Members.IndexOf(",\"", start + 1, StringComparison.Ordinal);
        return end < 0 ? Members[..(start - 1)] : Members[..start] + Members[(end + 1)..];
    }

    private static string ValueOf(string member)
    {
        var start = Members.IndexOf($"\"{member}\":", StringComparison.Ordinal) + member.Length + 3;
        var end = Members.IndexOf(",\"", start, StringComparison.Ordinal);
        return end < 0 ? Members[start..] : Members[start..end];
    }

    private static string Outcome(Func<Receipt> read)
    {
        try
        {
            return read().ToString();
        }
        catch (Exception e)
        {
            return $"{e.GetType().FullName}: {e.Message}";
        }
    }

    private static Receipt Receipt(Route? route, string? storedPath) =>
        new("/toibm/aix/TS012345678_a.zip", 1024, "ABCDEF", "E-ABCD12345f", false, "Europe", "sftp", "192.0.2.7", "s-1",
            new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 8, 0, 5, TimeSpan.Zero).AddTicks(1234567), route, storedPath);
}
