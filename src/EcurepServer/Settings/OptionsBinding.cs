using System.Reflection;

namespace EcurepServer.Settings;

/// <summary>An options class and the configuration section it is bound from.</summary>
public sealed record OptionsBinding(Type Type, string Section)
{
    /// <summary>The binding an options class declares with a public <c>SectionName</c> string constant; null without one.</summary>
    public static OptionsBinding? Of(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { FieldType: var fieldType } field
        && fieldType == typeof(string)
        && field.GetValue(null) is string section
            ? new OptionsBinding(type, section)
            : null;
}
