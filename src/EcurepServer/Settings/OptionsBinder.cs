using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace EcurepServer.Settings;

/// <summary>
/// Binds as the configuration binder does, except that a list the configuration gives replaces the list the options
/// already hold (the binder adds to it, so a default list, the engine's algorithms or the dialect's banner, could never
/// be narrowed), and that the keys under a property's former name (<see cref="FormerKeyNameAttribute"/>) apply where
/// its current name does not set them, key by key.
/// </summary>
internal static class OptionsBinder
{
    public static void Bind(IConfiguration configuration, object options)
    {
        configuration = WithFormerKeys(configuration, options.GetType());
        ClearConfiguredLists(configuration, options);
        configuration.Bind(options);
    }

    /// <summary>The configuration with each former key's entries also under the current key, below the entries already there.</summary>
    private static IConfiguration WithFormerKeys(IConfiguration configuration, Type type)
    {
        var moved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, property) in ConfigurationSchema.BindableProperties(type))
        {
            if (property.GetCustomAttribute<FormerKeyNameAttribute>() is { } former)
            {
                foreach (var (path, value) in configuration.GetSection(former.Name).AsEnumerable(makePathsRelative: true))
                {
                    moved[ConfigurationPath.Combine(key, path)] = value;
                }
            }
        }

        return moved.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddInMemoryCollection(moved).AddInMemoryCollection(configuration.AsEnumerable(makePathsRelative: true)).Build();
    }

    private static void ClearConfiguredLists(IConfiguration configuration, object options)
    {
        foreach (var (key, property) in ConfigurationSchema.BindableProperties(options.GetType()))
        {
            var type = property.PropertyType;
            var section = configuration.GetSection(key);
            if (ConfigurationSchema.IsValue(type) || ConfigurationSchema.DictionaryValueType(type) is not null || !section.GetChildren().Any())
            {
                continue;
            }

            if (ConfigurationSchema.ElementType(type) is not null)
            {
                if (property.SetMethod is { IsPublic: true })
                {
                    // The binder makes a new list of the configured entries in place of none.
                    property.SetValue(options, null);
                }
            }
            else if (property.GetValue(options) is { } nested)
            {
                ClearConfiguredLists(section, nested);
            }
        }
    }
}
