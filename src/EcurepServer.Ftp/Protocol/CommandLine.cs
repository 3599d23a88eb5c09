namespace EcurepServer.Ftp.Protocol;

internal enum CommandLineStatus
{
    Line,
    TooLong,
    Malformed,
    EndOfStream,
}

/// <summary>One line read from the control channel, or why there is none.</summary>
internal readonly record struct CommandLine(CommandLineStatus Status, string Verb, string Argument)
{
    /// <summary>
    /// The line's bytes as the client sent them (without the line end), for a session transcript: a line read as
    /// Latin-1 is shown as it came, not as the UTF-8 the server turned it into.
    /// </summary>
    public byte[] Raw { get; init; } = [];

    /// <summary>The line was not valid UTF-8 and was read as Latin-1 (ISO 8859-1), as old clients send 8-bit names.</summary>
    public bool ReadAsLatin1 { get; init; }

    public static readonly CommandLine TooLong = new(CommandLineStatus.TooLong, "", "");

    public static readonly CommandLine Malformed = new(CommandLineStatus.Malformed, "", "");

    public static readonly CommandLine EndOfStream = new(CommandLineStatus.EndOfStream, "", "");

    /// <summary>Splits "VERB argument"; the verb is upper-cased, the argument kept as sent (file names may hold spaces).</summary>
    public static CommandLine Parse(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? new CommandLine(CommandLineStatus.Line, text.ToUpperInvariant(), "")
            : new CommandLine(CommandLineStatus.Line, text[..space].ToUpperInvariant(), text[(space + 1)..]);
    }
}
