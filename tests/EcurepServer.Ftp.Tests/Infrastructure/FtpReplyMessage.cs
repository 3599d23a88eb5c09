namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>A reply as the client saw it: the code and every raw line.</summary>
internal sealed record FtpReplyMessage(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The text of the last line, after "123 ".</summary>
    public string Text => Lines[^1][4..];

    public override string ToString() => string.Join("\n", Lines);
}
