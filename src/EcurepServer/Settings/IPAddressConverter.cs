using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;

namespace EcurepServer.Settings;

/// <summary>
/// Reads an <see cref="IPAddress"/> from its text ("::", "127.0.0.1"), so the engines' options can declare addresses
/// as addresses and still be bound straight from the configuration; an empty value is no address. The configuration
/// binder, the key check and "config check --json" all find it through <see cref="TypeDescriptor"/>.
/// </summary>
public sealed class IPAddressConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <exception cref="FormatException">The text is not an IP address.</exception>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) => value is string text
        ? string.IsNullOrWhiteSpace(text) ? null : IPAddress.Parse(text.Trim())
        : base.ConvertFrom(context, culture, value);

    /// <summary>Registered when the host's assembly loads, before any configuration is read.</summary>
    [ModuleInitializer]
    internal static void Register() =>
        TypeDescriptor.AddAttributes(typeof(IPAddress), new TypeConverterAttribute(typeof(IPAddressConverter)));
}
