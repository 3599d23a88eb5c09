using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Tests;

public sealed class PathResolverTests
{
    private static readonly VirtualPath ToibmAix = Resolve(VirtualPath.Root, "/toibm/aix");

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/toibm/aix")]
    [InlineData(".", "/toibm/aix")]
    [InlineData("/toibm", "/toibm")]
    [InlineData("toibm//aix/./x", "/toibm/aix/toibm/aix/x")]
    [InlineData("/toibm//aix/./x", "/toibm/aix/x")]
    [InlineData("x.zip", "/toibm/aix/x.zip")]
    [InlineData("..", "/toibm")]
    [InlineData("../linux/f", "/toibm/linux/f")]
    [InlineData("../../etc/passwd", "/etc/passwd")]
    [InlineData("../../../../../../etc/passwd", "/etc/passwd")]
    [InlineData("/../..", "/")]
    [InlineData("/toibm/aix/", "/toibm/aix")]
    [InlineData("///", "/")]
    [InlineData("%2e%2e", "/toibm/aix/%2e%2e")]
    [InlineData("a..b", "/toibm/aix/a..b")]
    [InlineData("TS012345678_logs.zip", "/toibm/aix/TS012345678_logs.zip")]
    [InlineData("name with spaces", "/toibm/aix/name with spaces")]
    [InlineData("Grüße.txt", "/toibm/aix/Grüße.txt")]
    public void Resolves_lexically_and_stays_inside_the_tree(string input, string expected)
    {
        Assert.Equal(expected, Resolve(ToibmAix, input).Value);
    }

    [Theory]
    [InlineData("\\..\\")]
    [InlineData("..\\..\\etc")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\tb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData(".hidden")]
    [InlineData("/toibm/aix/.partial/x")]
    [InlineData("...")]
    [InlineData(".x/..")]
    public void Refuses_bad_characters_and_reserved_names(string input)
    {
        var outcome = PathResolver.Resolve(ToibmAix, input);
        Assert.False(outcome.Succeeded);
        Assert.Equal(RefusalKind.InvalidPath, outcome.Refusal.Kind);
        Assert.StartsWith("Invalid path: ", outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backslash_refusal_explains_the_separator()
    {
        var outcome = PathResolver.Parse("toibm\\aix");
        Assert.Contains("backslash", outcome.Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_names_are_refused_as_reserved()
    {
        Assert.Contains("reserved", PathResolver.Parse("/toibm/.secret").Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogate_is_refused()
    {
        Assert.False(PathResolver.Parse("/a\ud800b").Succeeded);
        Assert.True(PathResolver.Parse("/a\ud83d\ude00b").Succeeded);
    }

    [Fact]
    public void Segment_limit_is_255_utf8_bytes()
    {
        Assert.True(PathResolver.Parse("/" + new string('a', 255)).Succeeded);
        Assert.False(PathResolver.Parse("/" + new string('a', 256)).Succeeded);

        // 'ü' is two bytes in UTF-8: 128 of them are 256 bytes though only 128 characters.
        Assert.True(PathResolver.Parse("/" + new string('ü', 127)).Succeeded);
        Assert.False(PathResolver.Parse("/" + new string('ü', 128)).Succeeded);
    }

    [Fact]
    public void Whole_path_limit_is_1024_characters()
    {
        var segment = new string('a', 200);
        var ok = string.Join('/', Enumerable.Repeat(segment, 5)) + "/" + new string('b', 1024 - (5 * 201));
        Assert.Equal(1024, ok.Length);
        Assert.True(PathResolver.Parse(ok).Succeeded);
        Assert.False(PathResolver.Parse(ok + "b").Succeeded);
        Assert.Contains("1024", PathResolver.Parse(ok + "b").Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_32_segments()
    {
        var thirtyTwo = "/" + string.Join('/', Enumerable.Repeat("d", 32));
        Assert.True(PathResolver.Parse(thirtyTwo).Succeeded);
        Assert.False(PathResolver.Parse(thirtyTwo + "/d").Succeeded);

        // Counted after resolution: ".." takes one away.
        Assert.True(PathResolver.Parse(thirtyTwo + "/../d").Succeeded);
    }

    [Fact]
    public void Relative_input_extends_the_current_directory_within_the_limit()
    {
        var deep = Resolve(VirtualPath.Root, "/" + string.Join('/', Enumerable.Repeat("d", 31)));
        Assert.True(PathResolver.Resolve(deep, "e").Succeeded);
        Assert.False(PathResolver.Resolve(deep, "e/f").Succeeded);
    }

    [Fact]
    public void Null_or_empty_input_means_the_current_directory()
    {
        Assert.Same(ToibmAix, PathResolver.Resolve(ToibmAix, null).Value);
        Assert.Same(ToibmAix, PathResolver.Resolve(ToibmAix, "").Value);
    }

    [Fact]
    public void Resolved_paths_expose_segments_name_and_parent()
    {
        var path = Resolve(VirtualPath.Root, "/toibm/aix/f.zip");
        Assert.Equal(["toibm", "aix", "f.zip"], path.Segments);
        Assert.Equal("f.zip", path.Name);
        Assert.Equal(ToibmAix, path.Parent);
        Assert.Equal(VirtualPath.Root, VirtualPath.Root.Parent);
        Assert.Equal("/", VirtualPath.Root.Value);
    }

    [Theory]
    [InlineData("aix", true)]
    [InlineData("x.zip", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData(".partial", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("a\u0001", false)]
    public void CheckName_accepts_only_single_plain_names(string name, bool acceptable)
    {
        Assert.Equal(acceptable, PathResolver.CheckName(name) is null);
    }

    private static VirtualPath Resolve(VirtualPath current, string input)
    {
        var outcome = PathResolver.Resolve(current, input);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Message);
        return outcome.Value;
    }
}
