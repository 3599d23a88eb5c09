using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EcurepServer.Ftp;
using EcurepServer.Ssh;

namespace EcurepServer.Dialects;

/// <summary>
/// Finds and reads dialect files, each once. The configured directory (relative to the working directory, like
/// config/appsettings.json) comes first, so an operator can reword a shipped dialect; the copy shipped beside the
/// program is the fallback.
/// </summary>
public sealed partial class DialectCatalog(IReadOnlyList<string> directories)
{
    /// <summary>Where the build puts the shipped dialect files, under the program's directory.</summary>
    public static readonly string ShippedDirectory = Path.Combine(AppContext.BaseDirectory, "config", "dialects");

    private const int MaxTextBytes = 512;

    private readonly Dictionary<string, ReplyDialect> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Directories { get; } = directories;

    /// <summary>The catalog for a configured dialect directory, resolved against the working directory (itself when none is configured).</summary>
    public static DialectCatalog For(string workingDirectory, string? dialectDirectory) =>
        new([string.IsNullOrWhiteSpace(dialectDirectory) ? workingDirectory : Path.GetFullPath(dialectDirectory, workingDirectory), ShippedDirectory]);

    /// <summary>The dialect by name; throws <see cref="DialectLoadException"/> naming the file and the key at fault.</summary>
    public ReplyDialect Get(string name)
    {
        if (!DialectName().IsMatch(name))
        {
            throw new DialectLoadException($"'{name}' is not a dialect name (letters, digits, '-' and '_' only).");
        }

        lock (_lock)
        {
            if (!_loaded.TryGetValue(name, out var dialect))
            {
                var path = Directories.Select(directory => Path.Combine(directory, name + ".json")).FirstOrDefault(File.Exists)
                    ?? throw new DialectLoadException(
                        $"dialect file {name}.json not found in {string.Join(" or ", Directories)}.");
                dialect = Read(name, path);
                _loaded[name] = dialect;
            }

            return dialect;
        }
    }

    private static ReplyDialect Read(string name, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new DialectLoadException($"{path}: cannot be read as JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new DialectLoadException($"{path}: must hold a JSON object with Banner, LoginMessage and Replies.");
            }

            List<string> banner = [];
            List<string> loginMessage = [];
            List<string> sftpBanner = [];
            List<string> sftpMethods = [];
            var replies = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "Banner":
                        banner = Lines(path, property);
                        break;
                    case "LoginMessage":
                        loginMessage = Lines(path, property);
                        break;
                    case "Replies":
                        ReadReplies(path, property.Value, replies);
                        break;
                    case "SftpBanner":
                        sftpBanner = Lines(path, property);
                        break;
                    case "SftpAuthenticationMethods":
                        sftpMethods = AuthenticationMethods(path, property);
                        break;
                    default:
                        throw new DialectLoadException(
                            $"{path}: {property.Name}: unknown key (expected Banner, LoginMessage, Replies, SftpBanner, SftpAuthenticationMethods).");
                }
            }

            if (banner.Count == 0)
            {
                throw new DialectLoadException($"{path}: Banner: must have at least one line.");
            }

            return new ReplyDialect(name, path, banner, loginMessage, replies) { SftpBanner = sftpBanner, SftpAuthenticationMethods = sftpMethods };
        }
    }

    private static List<string> Lines(string path, JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw new DialectLoadException($"{path}: {property.Name}: must be an array of lines.");
        }

        var lines = new List<string>();
        foreach (var element in property.Value.EnumerateArray())
        {
            var key = $"{property.Name}:{lines.Count}";
            lines.Add(CheckedText(path, key, element, allowEmpty: true));
        }

        return lines;
    }

    private static List<string> AuthenticationMethods(string path, JsonProperty property)
    {
        var methods = Lines(path, property);
        for (var i = 0; i < methods.Count; i++)
        {
            if (!SshServerOptions.DefaultAuthenticationMethods.Contains(methods[i]))
            {
                throw new DialectLoadException(
                    $"{path}: {property.Name}:{i}: '{methods[i]}' is not supported; choose from {string.Join(", ", SshServerOptions.DefaultAuthenticationMethods)}.");
            }
        }

        return methods;
    }

    private static void ReadReplies(string path, JsonElement replies, Dictionary<string, string> into)
    {
        if (replies.ValueKind != JsonValueKind.Object)
        {
            throw new DialectLoadException($"{path}: Replies: must be an object of reply texts.");
        }

        foreach (var reply in replies.EnumerateObject())
        {
            var key = $"Replies:{reply.Name}";
            var known = FtpReplyTexts.Names.FirstOrDefault(n => n.Equals(reply.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new DialectLoadException($"{path}: {key}: unknown reply text (the names are the members of FtpReplyTexts; README.md lists them).");
            into[known] = CheckedText(path, key, reply.Value, FtpReplyTexts.IsOptionalLine(known));
        }
    }

    private static string CheckedText(string path, string key, JsonElement element, bool allowEmpty)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new DialectLoadException($"{path}: {key}: must be a string.");
        }

        var text = element.GetString()!;
        if (text.Length == 0 && !allowEmpty)
        {
            throw new DialectLoadException($"{path}: {key}: must not be empty.");
        }

        if (text.Any(char.IsControl))
        {
            throw new DialectLoadException($"{path}: {key}: must be one line without control characters.");
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            throw new DialectLoadException($"{path}: {key}: must be at most {MaxTextBytes} bytes.");
        }

        return text;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex DialectName();
}
