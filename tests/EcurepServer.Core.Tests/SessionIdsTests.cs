using System.Text.RegularExpressions;
using EcurepServer.Core.Transcripts;

namespace EcurepServer.Core.Tests;

public sealed partial class SessionIdsTests
{
    private static readonly DateTimeOffset Second = new(2026, 12, 3, 8, 15, 2, 500, TimeSpan.Zero);

    [Fact]
    public void An_id_names_the_utc_second_and_a_short_counter()
    {
        var id = SessionIds.New(Second.ToOffset(TimeSpan.FromHours(2)));

        Assert.Matches(IdShape(), id);
        Assert.StartsWith("20261203T081502Z-", id, StringComparison.Ordinal);
        Assert.True(SessionIds.TryParse(id, out var started));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 8, 15, 2, TimeSpan.Zero), started);
    }

    [Fact]
    public void Ids_never_repeat_within_a_second_even_past_the_counter_range()
    {
        var ids = Enumerable.Range(0, 70_000).Select(_ => SessionIds.New(Second)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(SessionIds.TryParse(id, out _), id));
    }

    [Fact]
    public void Ids_sort_by_the_second_they_were_made_in()
    {
        var ids = Enumerable.Range(0, 50).Select(i => SessionIds.New(Second.AddSeconds(i * 37))).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s1")]
    [InlineData("20261203T081502Z")]
    [InlineData("20261203T081502Z-")]
    [InlineData("20261203T081502Z-7F3A")]
    [InlineData("20261203T081502Z-../x")]
    [InlineData("../../etc/passwd-7f3a")]
    [InlineData("20261303T081502Z-7f3a")]
    [InlineData("20261203T081502Z-7f3a/..")]
    [InlineData("20261203T081502Z-7f3a0000000")]
    public void Anything_else_is_no_session_id(string text)
    {
        Assert.False(SessionIds.TryParse(text, out _));
    }

    [GeneratedRegex(@"^\d{8}T\d{6}Z-[0-9a-f]{4,5}$")]
    private static partial Regex IdShape();
}
