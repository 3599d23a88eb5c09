using EcurepServer.Ftp;

namespace EcurepServer.Dialects;

/// <summary>
/// A named set of texts from config/dialects/&lt;name&gt;.json: the FTP 220 banner, the lines that open the 230
/// reply, and reply texts by <see cref="FtpReplyTexts"/> member name; for SFTP the banner shown before login and the
/// authentication methods offered, which decide how clients prompt for a password. FTP texts the file leaves out keep
/// the engine's default (the ECuRep AIX wording); without SFTP entries there is no SFTP banner and every method is offered.
/// </summary>
public sealed record ReplyDialect(
    string Name,
    string FilePath,
    IReadOnlyList<string> Banner,
    IReadOnlyList<string> LoginMessage,
    IReadOnlyDictionary<string, string> Replies)
{
    /// <summary>The SFTP banner lines (USERAUTH_BANNER); empty: none.</summary>
    public IReadOnlyList<string> SftpBanner { get; init; } = [];

    /// <summary>The SSH user-authentication methods offered; empty: every method the engine has.</summary>
    public IReadOnlyList<string> SftpAuthenticationMethods { get; init; } = [];
}
