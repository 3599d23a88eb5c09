using EcurepServer.Core.Configuration;
using EcurepServer.Core.Faults;

namespace EcurepServer.Testing;

/// <summary>
/// The replica's fault rules (<see cref="EcurepReplica.Faults"/>). A rule added here applies to running sessions
/// at their next matching point; dispose the returned <see cref="ReplicaFault"/> to end it with the test:
/// <code>using var fault = replica.Faults.Add(new FaultRuleOptions { Point = "STOR", Action = "reply", Code = 452 });</code>
/// The replica keeps its rules in its own SQLite catalog, so these calls wait on a local file only.
/// </summary>
public sealed class ReplicaFaults
{
    private readonly FaultRegistry _registry;

    internal ReplicaFaults(FaultRegistry registry) => _registry = registry;

    /// <summary>Adds a rule as the EcurepServer:Faults section writes one; <paramref name="id"/> names it (default: fault-N).</summary>
    /// <exception cref="ArgumentException">The rule is not valid; the message names each problem.</exception>
    public ReplicaFault Add(FaultRuleOptions rule, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var errors = new List<string>();
        if (rule.ToRule(id ?? "", "rule", errors) is not { } parsed)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(rule));
        }

        return new ReplicaFault(_registry, _registry.AddAsync(parsed with { Id = id }, CancellationToken.None).GetAwaiter().GetResult().Id!);
    }

    /// <summary>The rules in force and how often each fired.</summary>
    public IReadOnlyList<FaultRuleStatus> List() => _registry.ListAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Removes every rule.</summary>
    public void Clear() => _registry.ClearAsync(CancellationToken.None).GetAwaiter().GetResult();
}

/// <summary>A fault rule added by a test; disposing it removes the rule.</summary>
public sealed class ReplicaFault : IDisposable
{
    private readonly FaultRegistry _registry;

    internal ReplicaFault(FaultRegistry registry, string id)
    {
        _registry = registry;
        Id = id;
    }

    /// <summary>The rule's id, as GET /faults and the log lines of its firings name it.</summary>
    public string Id { get; }

    /// <summary>How often the rule has fired so far (0 once it is removed).</summary>
    public long Fired => _registry.ListAsync(CancellationToken.None).GetAwaiter().GetResult().FirstOrDefault(status => status.Rule.Id == Id)?.Fired ?? 0;

    /// <summary>Removes the rule; sessions meet it no more from their next point on.</summary>
    public void Dispose() => _registry.RemoveAsync(Id, CancellationToken.None).GetAwaiter().GetResult();
}
