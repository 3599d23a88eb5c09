namespace EcurepServer.Settings;

/// <summary>
/// The name a property's configuration key had before. Its keys still configure the property where the current key
/// does not set them, and each use is reported with the current name (<see cref="RenamedConfigurationKey"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormerKeyNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
