namespace EcurepServer.Connections;

/// <summary>
/// Bounds on connections that have not logged in yet, as OpenSSH's <c>MaxStartups start:rate:full</c> and
/// <c>PerSourceMaxStartups</c>: at most <paramref name="PerAddress"/> from one client address; from
/// <paramref name="DropFrom"/> in all, each new one is refused with a chance of <paramref name="DropPercent"/> %
/// rising linearly to 100 % at <paramref name="Full"/>.
/// </summary>
public readonly record struct StartupLimits(int PerAddress, int DropFrom, int DropPercent, int Full)
{
    /// <summary>The problems of these values, each naming its key (the engines' option names) under <paramref name="problems"/>' section.</summary>
    public void Validate(OptionProblems problems, string prefix)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.RequireAtLeastOne(Full, prefix);
        problems.RequireAtLeastOne(PerAddress, prefix + "PerAddress");
        problems.Require(DropFrom >= 1 && DropFrom <= Full, prefix + "DropFrom", $"must be between 1 and {prefix} ({Full}) (was {DropFrom})");
        problems.Require(DropPercent is >= 0 and <= 100, prefix + "DropPercent", $"must be between 0 and 100 (was {DropPercent})");
    }
}
