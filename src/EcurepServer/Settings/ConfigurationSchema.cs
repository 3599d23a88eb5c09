using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcurepServer.Settings;

/// <summary>
/// Every configuration key the server's options classes accept, found by reflection the way the configuration binder
/// sees them: public properties with a public setter (and settable-in-place lists, dictionaries and classes), nested
/// classes, lists and dictionaries. The options classes are those the host binds that declare their section in a
/// <c>SectionName</c> constant, so a new option or options class is known as soon as it is registered.
/// </summary>
public sealed class ConfigurationSchema
{
    private ConfigurationSchema(ConfigurationKeyNode root, IReadOnlyList<OptionsBinding> bindings)
    {
        Root = root;
        Bindings = bindings;
    }

    /// <summary>The root of the configuration; its named keys are the top-level sections the options live in.</summary>
    public ConfigurationKeyNode Root { get; }

    /// <summary>The options classes and the section each is bound from.</summary>
    public IReadOnlyList<OptionsBinding> Bindings { get; }

    /// <summary>The options classes configured in <paramref name="services"/> that declare a section.</summary>
    public static ConfigurationSchema For(IServiceCollection services) =>
        For(services
            .Select(descriptor => descriptor.ServiceType)
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(type => type.GetGenericArguments()[0])
            .Distinct()
            .Select(OptionsBinding.Of)
            .OfType<OptionsBinding>());

    public static ConfigurationSchema For(IEnumerable<OptionsBinding> bindings)
    {
        var list = bindings.ToList();
        var root = new ConfigurationKeyNode();
        foreach (var binding in list)
        {
            var node = binding.Section.Split(ConfigurationPath.KeyDelimiter).Aggregate(root, (parent, key) => parent.Named(key));
            Add(node, binding.Type, []);
        }

        return new ConfigurationSchema(root, list);
    }

    /// <summary>The properties the binder fills: public getter, and a public setter unless it fills the existing object in place.</summary>
    public static IEnumerable<(string Key, PropertyInfo Property)> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true })
            .Where(property => property.SetMethod is { IsPublic: true } || !IsValue(property.PropertyType))
            .Select(property => (property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name, property));

    /// <summary>A type the binder converts from one string value rather than binding keys below it.</summary>
    public static bool IsValue(Type type) =>
        type == typeof(byte[]) || type == typeof(object)
        || TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).CanConvertFrom(typeof(string));

    /// <summary>The value type of a dictionary with string keys; null for other types.</summary>
    public static Type? DictionaryValueType(Type type) =>
        (GenericInterface(type, typeof(IDictionary<,>)) ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>)))?[1];

    /// <summary>The element type of an array or other enumerable; null for other types.</summary>
    public static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : GenericInterface(type, typeof(IEnumerable<>))?[0];

    private static void Add(ConfigurationKeyNode node, Type type, HashSet<Type> path)
    {
        if (IsValue(type))
        {
            node.AddValueType(type);
            return;
        }

        // A class that contains itself would never end; its inner occurrences accept no keys of their own.
        if (!path.Add(type))
        {
            return;
        }

        if (DictionaryValueType(type) is { } value)
        {
            Add(node.Element("dictionary"), value, path);
        }
        else if (ElementType(type) is { } element)
        {
            Add(node.Element("list"), element, path);
        }
        else
        {
            node.MarkSection();
            foreach (var (key, property) in BindableProperties(type))
            {
                var child = node.Named(key);
                Add(child, property.PropertyType, path);
                if (property.GetCustomAttribute<FormerKeyNameAttribute>() is { } former)
                {
                    node.AddFormerName(former.Name, child);
                }
            }
        }

        path.Remove(type);
    }

    private static Type[]? GenericInterface(Type type, Type definition)
    {
        var match = type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
        return match?.GetGenericArguments();
    }
}
