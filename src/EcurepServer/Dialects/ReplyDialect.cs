using EcurepServer.Ftp;

namespace EcurepServer.Dialects;

/// <summary>
/// A named set of FTP texts from config/dialects/&lt;name&gt;.json: the 220 banner, the lines that open the 230
/// reply, and reply texts by <see cref="FtpReplyTexts"/> member name. Texts the file leaves out keep the engine's
/// default (the ECuRep AIX wording).
/// </summary>
public sealed record ReplyDialect(
    string Name,
    string FilePath,
    IReadOnlyList<string> Banner,
    IReadOnlyList<string> LoginMessage,
    IReadOnlyDictionary<string, string> Replies)
{
    /// <summary>The engine's texts with this dialect's wording, then the site's own overrides on top.</summary>
    public FtpReplyTexts CreateTexts(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var texts = new FtpReplyTexts();
        foreach (var (key, text) in Replies.Concat(overrides ?? new Dictionary<string, string>()))
        {
            texts.TrySet(key, text);
        }

        return texts;
    }
}
