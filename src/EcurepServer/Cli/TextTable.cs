using EcurepServer.Logging;

namespace EcurepServer.Cli;

/// <summary>
/// Left-aligned columns separated by two spaces, each as wide as its widest cell. Cells are escaped
/// (<see cref="PrintableText"/>): names and accounts come from clients and must not reorder or forge what a terminal shows.
/// </summary>
internal static class TextTable
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> table)
    {
        var rows = table.Select(row => row.Select(PrintableText.Escape).ToList()).ToList();
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Prepend(title.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            var cells = row.Select((cell, column) => column == row.Count - 1 ? cell : cell.PadRight(widths[column]));
            await output.WriteLineAsync(string.Join("  ", cells));
        }
    }
}
