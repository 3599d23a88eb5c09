using Serilog.Core;
using Serilog.Events;

namespace EcurepServer.Logging;

/// <summary>
/// Makes every text value of an event printable (<see cref="PrintableText"/>) before any sink sees it, so a user name,
/// command or file name from a client cannot forge log lines or send escape sequences to a terminal, whatever sink
/// and template the configuration chooses. Runs last, after the properties of logging scopes were added.
/// </summary>
public sealed class ClientTextEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var printable = Printable(value);
            if (!ReferenceEquals(printable, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, printable));
            }
        }

        foreach (var property in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The value with its texts escaped; the same instance when nothing needed it.</summary>
    private static LogEventPropertyValue Printable(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => Scalar(value, text),

        // Values that are not formatted numbers or dates are written as their ToString, which may carry client text.
        ScalarValue { Value: not (null or IFormattable or bool) } scalar => Scalar(value, scalar.Value.ToString() ?? string.Empty),
        SequenceValue sequence => Elements(sequence.Elements) is { } elements ? new SequenceValue(elements) : value,
        StructureValue structure => Properties(structure.Properties) is { } properties ? new StructureValue(properties, structure.TypeTag) : value,
        DictionaryValue dictionary => Entries(dictionary) is { } entries ? new DictionaryValue(entries) : value,
        _ => value,
    };

    private static LogEventPropertyValue Scalar(LogEventPropertyValue value, string text)
    {
        var escaped = PrintableText.Escape(text);
        return ReferenceEquals(escaped, text) ? value : new ScalarValue(escaped);
    }

    private static LogEventPropertyValue[]? Elements(IReadOnlyList<LogEventPropertyValue> elements)
    {
        var printable = elements.Select(Printable).ToArray();
        return printable.Where((element, i) => !ReferenceEquals(element, elements[i])).Any() ? printable : null;
    }

    private static LogEventProperty[]? Properties(IReadOnlyList<LogEventProperty> properties)
    {
        var printable = properties.Select(property => (property.Name, Value: Printable(property.Value))).ToArray();
        return printable.Where((property, i) => !ReferenceEquals(property.Value, properties[i].Value)).Any()
            ? [.. printable.Select(property => new LogEventProperty(property.Name, property.Value))]
            : null;
    }

    private static KeyValuePair<ScalarValue, LogEventPropertyValue>[]? Entries(DictionaryValue dictionary)
    {
        var entries = dictionary.Elements.ToArray();
        var printable = entries
            .Select(entry => new KeyValuePair<ScalarValue, LogEventPropertyValue>((ScalarValue)Printable(entry.Key), Printable(entry.Value)))
            .ToArray();
        return printable.Where((entry, i) => !ReferenceEquals(entry.Key, entries[i].Key) || !ReferenceEquals(entry.Value, entries[i].Value)).Any()
            ? printable
            : null;
    }
}
