namespace EcurepServer.IntegrationTests.Support;

/// <summary>One FTP reply as received: its code and every line, continuation lines included.</summary>
public sealed record FtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The text of the last line, without the code.</summary>
    public string Text => Lines[^1].Length > 4 ? Lines[^1][4..] : "";

    public override string ToString() => string.Join(" | ", Lines);
}
