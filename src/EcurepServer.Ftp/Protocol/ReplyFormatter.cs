using System.Globalization;
using System.Text;

namespace EcurepServer.Ftp.Protocol;

/// <summary>Turns replies into their wire form (RFC 959 section 4.2: "123-first", ..., "123 last").</summary>
internal static class ReplyFormatter
{
    public static string Format(FtpReply reply) => Join(Lines(reply));

    /// <summary>Wire lines, each with its CR LF.</summary>
    public static string Join(string[] lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>The reply's lines as sent, without their line ends.</summary>
    public static string[] Lines(FtpReply reply)
    {
        var code = reply.Code.ToString(CultureInfo.InvariantCulture);
        var lines = new string[reply.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var last = i == lines.Length - 1;
            lines[i] = last ? code + " " + reply.Lines[i]
                : i == 0 || !reply.RawContinuation ? code + "-" + reply.Lines[i]
                : reply.Lines[i];
        }

        return lines;
    }

    public static int MultiLineByteCount(int code, IEnumerable<string> lines) =>
        Encoding.UTF8.GetByteCount(Format(new FtpReply(code, lines.ToArray())));
}
