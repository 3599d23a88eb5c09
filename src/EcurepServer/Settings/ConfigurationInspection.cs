using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Numerics;
using Microsoft.Extensions.Configuration;

namespace EcurepServer.Settings;

/// <summary>
/// The configuration held against the <see cref="ConfigurationSchema"/> before anything is bound: a value the binder
/// could not convert is a problem that names the key, the value and the expected form (instead of the binder's
/// exception); a key no option binds is an unknown key, with the closest valid key as a suggestion; a key under its
/// former name is checked as the current one and reported as renamed.
/// </summary>
public sealed class ConfigurationInspection
{
    private readonly List<string> _problems = [];
    private readonly List<UnknownConfigurationKey> _unknownKeys = [];
    private readonly List<RenamedConfigurationKey> _renamedKeys = [];

    private ConfigurationInspection()
    {
    }

    public IReadOnlyList<string> Problems => _problems;

    public IReadOnlyList<UnknownConfigurationKey> UnknownKeys => _unknownKeys;

    public IReadOnlyList<RenamedConfigurationKey> RenamedKeys => _renamedKeys;

    /// <summary>Inspects the sections the schema knows (EcurepServer); other top-level sections (Serilog) are not options.</summary>
    public static ConfigurationInspection Of(IConfiguration configuration, ConfigurationSchema schema)
    {
        var inspection = new ConfigurationInspection();
        foreach (var name in schema.Root.Names)
        {
            inspection.Walk(configuration.GetSection(name), schema.Root.Child(name)!);
        }

        return inspection;
    }

    /// <summary>Throws the problems, if any, as one <see cref="ConfigurationException"/>.</summary>
    public void ThrowIfInvalid()
    {
        if (_problems.Count > 0)
        {
            throw new ConfigurationException(_problems);
        }
    }

    private void Walk(IConfigurationSection section, ConfigurationKeyNode node)
    {
        CheckValue(section, node);
        foreach (var child in section.GetChildren())
        {
            if (node.Child(child.Key) is { } childNode)
            {
                Walk(child, childNode);
            }
            else if (node.Renamed(child.Key) is { } renamed)
            {
                _renamedKeys.Add(new RenamedConfigurationKey(child.Path, ConfigurationPath.Combine(section.Path, renamed.Name)));
                Walk(child, renamed);
            }
            else
            {
                _unknownKeys.Add(new UnknownConfigurationKey(child.Path, Suggest(section.Path, node, child.Key)));
            }
        }
    }

    private void CheckValue(IConfigurationSection section, ConfigurationKeyNode node)
    {
        var value = section.Value;
        if (value is null)
        {
            return;
        }

        if (node.ValueTypes.Count == 0)
        {
            // An empty JSON array or object arrives as an empty value; anything else would be dropped without a word.
            if (value.Length > 0)
            {
                _problems.Add(node.Container == "list"
                    ? $"{section.Path}: is a list; give its entries as {section.Path}:0, {section.Path}:1, ... (was '{value}')."
                    : $"{section.Path}: is a section of settings, not a value (was '{value}').");
            }

            return;
        }

        foreach (var type in node.ValueTypes)
        {
            if (!Converts(type, value))
            {
                _problems.Add($"{section.Path}: {WhyNot(type, value)}.");
                return;
            }
        }
    }

    /// <summary>As the configuration binder converts: an empty value makes a nullable null, anything else goes through the type's converter.</summary>
    private static bool Converts(Type type, string value)
    {
        if (type == typeof(string) || type == typeof(object))
        {
            return true;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            if (value.Length == 0)
            {
                return true;
            }

            type = underlying;
        }

        try
        {
            _ = type == typeof(byte[]) ? Convert.FromBase64String(value) : TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private static string WhyNot(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(TimeSpan))
        {
            return $"'{value}' is not a time span such as 7.00:00:00 or 00:15:00 ([days.]hours:minutes:seconds)";
        }

        if (type == typeof(bool))
        {
            return $"'{value}' is not true or false";
        }

        if (type == typeof(IPAddress))
        {
            return $"'{value}' is not an IP address (use '::' or '0.0.0.0' for every interface)";
        }

        if (type.IsEnum)
        {
            return $"'{value}' is not one of {string.Join(", ", Enum.GetNames(type))}";
        }

        if (IntegerRange(type) is var (min, max))
        {
            return BigInteger.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? $"'{value}' is out of range; it must be between {min} and {max}"
                : $"'{value}' is not a whole number";
        }

        return type == typeof(byte[]) ? $"'{value}' is not base64" : $"'{value}' is not a valid {type.Name}";
    }

    private static (object Min, object Max)? IntegerRange(Type type) =>
        type.IsPrimitive && type != typeof(bool) && type != typeof(char) && type != typeof(float) && type != typeof(double)
        && type != typeof(IntPtr) && type != typeof(UIntPtr)
            ? (type.GetField("MinValue")!.GetValue(null)!, type.GetField("MaxValue")!.GetValue(null)!)
            : null;

    /// <summary>The sibling key a typing slip most likely meant: the fewest edits, and few compared with the key's length.</summary>
    private static string? Suggest(string parentPath, ConfigurationKeyNode parent, string key)
    {
        var best = parent.Names
            .Select(name => (Name: name, Distance: EditDistance(key.ToUpperInvariant(), name.ToUpperInvariant())))
            .OrderBy(candidate => candidate.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(1, key.Length / 3)
            ? ConfigurationPath.Combine(parentPath, best.Name)
            : null;
    }

    /// <summary>Edits between two keys: insertions, deletions, substitutions and swaps of neighbours (optimal string alignment).</summary>
    private static int EditDistance(string a, string b)
    {
        var distance = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            distance[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            distance[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                distance[i, j] = Math.Min(distance[i - 1, j - 1] + cost, Math.Min(distance[i - 1, j], distance[i, j - 1]) + 1);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    distance[i, j] = Math.Min(distance[i, j], distance[i - 2, j - 2] + 1);
                }
            }
        }

        return distance[a.Length, b.Length];
    }
}
