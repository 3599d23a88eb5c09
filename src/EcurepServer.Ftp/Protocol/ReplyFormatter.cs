using System.Globalization;
using System.Text;

namespace EcurepServer.Ftp.Protocol;

/// <summary>Turns replies into their wire form (RFC 959 section 4.2: "123-first", ..., "123 last").</summary>
internal static class ReplyFormatter
{
    public static string Format(FtpReply reply)
    {
        var code = reply.Code.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        for (var i = 0; i < reply.Lines.Count; i++)
        {
            var last = i == reply.Lines.Count - 1;
            if (last)
            {
                text.Append(code).Append(' ');
            }
            else if (i == 0 || !reply.RawContinuation)
            {
                text.Append(code).Append('-');
            }

            text.Append(reply.Lines[i]).Append("\r\n");
        }

        return text.ToString();
    }

    public static int MultiLineByteCount(int code, IEnumerable<string> lines) =>
        Encoding.UTF8.GetByteCount(Format(new FtpReply(code, lines.ToArray())));
}
