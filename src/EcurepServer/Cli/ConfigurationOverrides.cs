namespace EcurepServer.Cli;

/// <summary>
/// Separates configuration overrides ("--Section:Key=value" or "--Section:Key value") from the verbs and
/// options, so they reach the configuration instead of being taken for arguments or rejected.
/// </summary>
public static class ConfigurationOverrides
{
    public static (IReadOnlyList<string> CommandArguments, IReadOnlyList<string> Overrides) Split(IReadOnlyList<string> args)
    {
        var command = new List<string>();
        var overrides = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsOverride(arg))
            {
                command.Add(arg);
                continue;
            }

            overrides.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
            {
                overrides.Add(args[++i]);
            }
        }

        return (command, overrides);
    }

    /// <summary>A configuration key always has a section, so "--json" stays an option and "--EcurepServer:Port" is an override.</summary>
    private static bool IsOverride(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var key = arg.AsSpan(2);
        var equals = key.IndexOf('=');
        if (equals >= 0)
        {
            key = key[..equals];
        }

        var colon = key.IndexOf(':');
        return colon > 0 && colon < key.Length - 1;
    }
}
