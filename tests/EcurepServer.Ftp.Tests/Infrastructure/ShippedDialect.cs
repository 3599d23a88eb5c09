using System.Text.Json;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>
/// Applies a dialect file the repository ships (config/dialects/&lt;name&gt;.json) to engine options, the way the
/// host does, so the transcripts are replayed against the very texts operators get.
/// </summary>
internal static class ShippedDialect
{
    public static void Apply(FtpServerOptions options, string name, string host)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf(name)));
        var root = document.RootElement;
        options.Banner = [.. root.GetProperty("Banner").EnumerateArray().Select(line => line.GetString()!.Replace("{host}", host, StringComparison.Ordinal))];
        options.LoginMessage = [.. root.GetProperty("LoginMessage").EnumerateArray().Select(line => line.GetString()!)];
        foreach (var reply in root.GetProperty("Replies").EnumerateObject())
        {
            Assert.Contains(reply.Name, FtpReplyTexts.Names);
            options.Replies[reply.Name] = reply.Value.GetString()!;
        }
    }

    public static string PathOf(string name) => Path.Combine(RepositoryFiles.Root(), "config", "dialects", name + ".json");
}
