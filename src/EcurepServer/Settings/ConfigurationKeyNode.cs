namespace EcurepServer.Settings;

/// <summary>
/// One configuration key of <see cref="ConfigurationSchema"/>: the value types it binds to, the named keys below it
/// (the properties of an options class) or the element every key below it binds to (a list or dictionary). Several
/// options classes bound from the same section share their nodes.
/// </summary>
public sealed class ConfigurationKeyNode
{
    private readonly Dictionary<string, ConfigurationKeyNode> _named = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ConfigurationKeyNode> _formerNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Type> _valueTypes = [];

    /// <summary>The types a value of this key is converted to; empty for a section, list or dictionary.</summary>
    public IReadOnlyList<Type> ValueTypes => _valueTypes;

    /// <summary>The property names below this key, as the options classes spell them.</summary>
    public IEnumerable<string> Names => _named.Values.Select(node => node.Name);

    /// <summary>The key's own name as its options class spells it; empty at the root.</summary>
    public string Name { get; private init; } = string.Empty;

    /// <summary>What the key holds when it is not a value: "list", "dictionary" or "section"; null for a plain value.</summary>
    public string? Container { get; private set; }

    /// <summary>The schema of a key below this one: a property by name, else the element of a list or dictionary; null when unknown.</summary>
    public ConfigurationKeyNode? Child(string key) => _named.TryGetValue(key, out var named) ? named : AnyKey;

    /// <summary>The key now named what <paramref name="key"/> named before (<see cref="FormerKeyNameAttribute"/>); null when it is no former name.</summary>
    public ConfigurationKeyNode? Renamed(string key) => _formerNames.GetValueOrDefault(key);

    internal ConfigurationKeyNode? AnyKey { get; private set; }

    internal void AddFormerName(string formerName, ConfigurationKeyNode node) => _formerNames[formerName] = node;

    internal ConfigurationKeyNode Named(string name)
    {
        if (!_named.TryGetValue(name, out var node))
        {
            node = new ConfigurationKeyNode { Name = name };
            _named[name] = node;
        }

        return node;
    }

    internal ConfigurationKeyNode Element(string container)
    {
        Container ??= container;
        return AnyKey ??= new ConfigurationKeyNode { Name = Name };
    }

    internal void AddValueType(Type type)
    {
        if (!_valueTypes.Contains(type))
        {
            _valueTypes.Add(type);
        }
    }

    internal void MarkSection() => Container ??= "section";
}
