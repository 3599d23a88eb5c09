namespace EcurepServer.TestSupport;

/// <summary>A reply as the client saw it: the code and every raw line, continuation lines included.</summary>
public sealed record FtpReplyMessage(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The text of the last line, after "123 ".</summary>
    public string Text => Lines[^1].Length > 4 ? Lines[^1][4..] : "";

    public override string ToString() => string.Join("\n", Lines);
}
