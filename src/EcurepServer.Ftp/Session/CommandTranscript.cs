using System.Globalization;
using System.Text;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Ftp.Protocol;

namespace EcurepServer.Ftp.Session;

/// <summary>
/// A command line as the transcript keeps it: the bytes as received, as text when they are UTF-8 without control
/// characters, else escaped byte by byte; a secret argument replaced by <c>****</c>.
/// </summary>
internal static class CommandTranscript
{
    public const string Mask = "****";

    public static CommandEvent For(CommandLine line, bool maskArgument)
    {
        if (line.Status == CommandLineStatus.TooLong)
        {
            return new CommandEvent(string.Empty) { TooLong = true };
        }

        var raw = line.Raw.AsSpan();
        if (maskArgument && raw.IndexOf((byte)' ') is var space and >= 0)
        {
            // The verb as sent (with any Telnet bytes before it), then the mask instead of the argument.
            var (verb, escaped) = Text(raw[..space]);
            return new CommandEvent(verb + " " + Mask) { Escaped = escaped ? true : null };
        }

        var (text, wasEscaped) = Text(raw);
        return new CommandEvent(text) { Escaped = wasEscaped ? true : null };
    }

    private static (string Text, bool Escaped) Text(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes) && bytes.IndexOfAnyInRange((byte)0, (byte)0x1F) < 0 && bytes.IndexOf((byte)0x7F) < 0)
        {
            return (Encoding.UTF8.GetString(bytes), false);
        }

        var text = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            if (b == '\\')
            {
                text.Append(@"\\");
            }
            else if (b is >= 0x20 and < 0x7F)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $@"\x{b:X2}");
            }
        }

        return (text.ToString(), true);
    }
}
