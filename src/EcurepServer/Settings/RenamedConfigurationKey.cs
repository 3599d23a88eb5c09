namespace EcurepServer.Settings;

/// <summary>A key given under its former name (<see cref="FormerKeyNameAttribute"/>): it still applies where <see cref="Key"/> does not set it.</summary>
public sealed record RenamedConfigurationKey(string FormerKey, string Key)
{
    public override string ToString() =>
        $"Configuration key {FormerKey} is now named {Key}; its settings still apply where {Key} does not set them.";
}
