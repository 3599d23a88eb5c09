using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;

namespace EcurepServer.Settings;

/// <summary>
/// The options as bound (defaults filled in, paths as the services use them) in the shape of appsettings.json, with
/// secrets masked: a property whose name ends in Password, Passphrase, Secret, Token or ApiKey (or their plurals).
/// </summary>
public static class EffectiveConfiguration
{
    public const string Mask = "********";

    private static readonly string[] SecretSuffixes = ["Password", "Passphrase", "Secret", "Token", "ApiKey"];

    /// <summary>Each options object under its section; where two classes bind the same key, the first one's value is shown.</summary>
    public static JsonObject Of(IEnumerable<(string Section, object Options)> bound)
    {
        var root = new JsonObject();
        foreach (var (section, options) in bound)
        {
            var target = section.Split(':').Aggregate(root, (parent, key) => (parent[key] ??= new JsonObject()).AsObject());
            Merge(target, ToNode(options)!.AsObject());
        }

        return root;
    }

    public static bool IsSecret(string key) =>
        SecretSuffixes.Any(suffix => key.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || key.EndsWith(suffix + "s", StringComparison.OrdinalIgnoreCase));

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            if (target[key] is JsonObject existing && value is JsonObject more)
            {
                Merge(existing, more);
            }
            else if (!target.ContainsKey(key))
            {
                source.Remove(key);
                target[key] = value;
            }
        }
    }

    private static JsonNode? ToNode(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string or bool or TimeSpan or Enum:
                return Scalar(value);
            case IDictionary dictionary:
                var entries = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    entries[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = ToNode(entry.Value);
                }

                return entries;
            case IEnumerable items when !ConfigurationSchema.IsValue(value.GetType()):
                return new JsonArray([.. items.Cast<object?>().Select(ToNode)]);
        }

        if (ConfigurationSchema.IsValue(value.GetType()))
        {
            return Scalar(value);
        }

        var properties = new JsonObject();
        foreach (var (key, property) in ConfigurationSchema.BindableProperties(value.GetType()))
        {
            var propertyValue = property.GetValue(value);
            properties[key] = IsSecret(key) && propertyValue is not null && propertyValue is not "" ? Mask : ToNode(propertyValue);
        }

        return properties;
    }

    private static JsonNode Scalar(object value) => value switch
    {
        string text => text,
        bool flag => flag,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Enum => value.ToString()!,
        int or long or short or byte or uint or ulong or ushort or sbyte or decimal => JsonNode.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!)!,
        _ => TypeDescriptor.GetConverter(value.GetType()).ConvertToInvariantString(value) ?? string.Empty,
    };
}
