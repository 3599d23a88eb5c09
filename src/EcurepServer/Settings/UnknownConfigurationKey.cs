namespace EcurepServer.Settings;

/// <summary>A key under a known section that no option binds, and the valid key it probably meant (null when none is close).</summary>
public sealed record UnknownConfigurationKey(string Key, string? Suggestion)
{
    public override string ToString() => Suggestion is null
        ? $"Unknown configuration key {Key} is ignored."
        : $"Unknown configuration key {Key} is ignored; did you mean {Suggestion}?";
}
