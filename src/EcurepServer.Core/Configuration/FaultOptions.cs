using EcurepServer.Core.Faults;

namespace EcurepServer.Core.Configuration;

/// <summary>The fault rules in force from start, bound from <c>EcurepServer:Faults:&lt;rule id&gt;</c>.</summary>
public sealed class FaultOptions : Dictionary<string, FaultRuleOptions>
{
    public const string SectionName = "EcurepServer:Faults";

    public FaultOptions()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>The rules; <paramref name="errors"/> gets every problem, each naming its full key.</summary>
    public IReadOnlyList<FaultRule> ToRules(List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var rules = new List<FaultRule>();
        foreach (var (id, options) in this)
        {
            if (options?.ToRule(id, $"{SectionName}:{id}", errors) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        ToRules(errors);
        return errors;
    }
}
