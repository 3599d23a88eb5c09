using Microsoft.Extensions.Configuration;

namespace EcurepServer.Settings;

/// <summary>
/// Binds as the configuration binder does, except that a list the configuration gives replaces the list the options
/// already hold: the binder adds to it, so a default list (the engine's algorithms, the dialect's banner) could
/// never be narrowed or replaced.
/// </summary>
internal static class OptionsBinder
{
    public static void Bind(IConfiguration configuration, object options)
    {
        ClearConfiguredLists(configuration, options);
        configuration.Bind(options);
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
