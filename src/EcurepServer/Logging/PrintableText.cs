using System.Globalization;
using System.Text;

namespace EcurepServer.Logging;

/// <summary>
/// Text that came from a client, made safe for a terminal or a line-based reader: control characters (CR and LF that
/// would forge a line, ESC that would drive the terminal), format characters (bidirectional overrides such as U+202E,
/// zero-width characters), line and paragraph separators and lone surrogates are written as escapes (\n, \r, \t,
/// \u202E, \U000E0041), and a backslash as \\ so an escape cannot be faked. Everything else is left as it is.
/// </summary>
public static class PrintableText
{
    public static string Escape(string text)
    {
        var first = FirstToEscape(text);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        var rest = text.AsSpan(first);
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                Append(escaped, rest[0]);
            }
            else if (NeedsEscape(rune))
            {
                Append(escaped, rune);
            }
            else
            {
                escaped.Append(rest[..consumed]);
            }

            rest = rest[consumed..];
        }

        return escaped.ToString();
    }

    private static int FirstToEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= ' ' and < '\\' or > '\\' and <= '~')
            {
                continue;
            }

            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done || NeedsEscape(rune))
            {
                return i;
            }

            i += consumed - 1;
        }

        return -1;
    }

    private static bool NeedsEscape(Rune rune) =>
        rune.Value == '\\' || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static void Append(StringBuilder escaped, Rune rune)
    {
        switch (rune.Value)
        {
            case '\\':
                escaped.Append(@"\\");
                break;
            case '\n':
                escaped.Append(@"\n");
                break;
            case '\r':
                escaped.Append(@"\r");
                break;
            case '\t':
                escaped.Append(@"\t");
                break;
            case <= 0xFFFF:
                Append(escaped, (char)rune.Value);
                break;
            default:
                escaped.Append(CultureInfo.InvariantCulture, $@"\U{rune.Value:X8}");
                break;
        }
    }

    /// <summary>A UTF-16 unit as \uXXXX: a control or format character, or a surrogate without its pair.</summary>
    private static void Append(StringBuilder escaped, char unit) => escaped.Append(CultureInfo.InvariantCulture, $@"\u{(int)unit:X4}");
}
