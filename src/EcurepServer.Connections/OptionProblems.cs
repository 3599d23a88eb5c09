namespace EcurepServer.Connections;

/// <summary>
/// Collects what is wrong with an engine's settings, each problem naming its key below the configuration section the
/// settings are bound from, so both engines word their checks alike.
/// </summary>
public sealed class OptionProblems(string section)
{
    /// <summary>The problems so far, each a sentence that starts with the full key.</summary>
    public List<string> Found { get; } = [];

    public void Require(bool condition, string key, string reason)
    {
        if (!condition)
        {
            Found.Add($"{section}:{key}: {reason}.");
        }
    }

    public void RequirePositive(TimeSpan value, string key) => Require(value > TimeSpan.Zero, key, $"must be greater than zero (was {value})");

    public void RequireAtLeastOne(int value, string key) => Require(value >= 1, key, $"must be at least 1 (was {value})");
}
