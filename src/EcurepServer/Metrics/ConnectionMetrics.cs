using System.Diagnostics.Metrics;
using EcurepServer.Connections;
using EcurepServer.Core.Metrics;

namespace EcurepServer.Metrics;

/// <summary>
/// Connections the listeners refused at accept because a limit was reached, by site, protocol and reason
/// (<c>too_many_startups</c>, <c>too_many_sessions</c>); a banned address's refusals are the defender's own count.
/// </summary>
public sealed class ConnectionMetrics
{
    private readonly Counter<long> _refused;

    /// <param name="meterFactory">The host's factory; null makes a meter of its own (tests).</param>
    public ConnectionMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(DropBoxMetrics.MeterName) ?? new Meter(DropBoxMetrics.MeterName);
        _refused = meter.CreateCounter<long>("ecurep.connections.refused", "{connection}", "Connections refused at accept because a limit was reached, by reason: too_many_startups, too_many_sessions");
    }

    public void Refused(string site, string protocol, ConnectionRefusal refusal) =>
        _refused.Add(1, new("site", site), new("protocol", protocol), new("reason", refusal switch
        {
            ConnectionRefusal.TooManyStartups => "too_many_startups",
            _ => "too_many_sessions",
        }));
}
