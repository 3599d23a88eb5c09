namespace EcurepServer.Ftp.Protocol;

/// <summary>
/// One reply: a code and its lines. Continuation lines carry "code-" unless <see cref="RawContinuation"/>
/// is set (FEAT and HELP list their items as bare lines starting with a space, RFC 2389).
/// </summary>
internal sealed record FtpReply(int Code, IReadOnlyList<string> Lines, bool RawContinuation = false)
{
    public FtpReply(int code, string text)
        : this(code, [text])
    {
    }

    public static FtpReply WithPrefix(int code, IEnumerable<string> leading, string last) => new(code, [.. leading, last]);
}
