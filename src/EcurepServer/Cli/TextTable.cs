using System.Text;
using EcurepServer.Logging;

namespace EcurepServer.Cli;

/// <summary>
/// Left-aligned columns separated by two spaces, each as wide as its widest cell. Cells are escaped
/// (<see cref="PrintableText"/>): names and accounts come from clients and must not reorder or forge what a terminal shows.
/// Plain loops rather than LINQ over the widths: their generic instantiations were JIT-compiled at every start of a
/// verb that answers in a few milliseconds otherwise.
/// </summary>
internal static class TextTable
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> table)
    {
        var widths = new int[header.Count];
        for (var column = 0; column < header.Count; column++)
        {
            widths[column] = header[column].Length;
        }

        var rows = new List<IReadOnlyList<string>>(table.Count + 1) { header };
        foreach (var row in table)
        {
            var cells = new string[row.Count];
            for (var column = 0; column < cells.Length; column++)
            {
                cells[column] = PrintableText.Escape(row[column]);
                widths[column] = Math.Max(widths[column], cells[column].Length);
            }

            rows.Add(cells);
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Count; column++)
            {
                if (column > 0)
                {
                    text.Append("  ");
                }

                text.Append(row[column]);
                if (column < row.Count - 1)
                {
                    text.Append(' ', widths[column] - row[column].Length);
                }
            }

            text.Append(output.NewLine);
        }

        await output.WriteAsync(text.ToString());
    }
}
