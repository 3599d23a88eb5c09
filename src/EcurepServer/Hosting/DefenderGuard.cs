using System.Net;
using EcurepServer.Connections;
using EcurepServer.Core.Defender;
using EcurepServer.Metrics;

namespace EcurepServer.Hosting;

/// <summary>
/// Core's defender as one listener's engine sees it: the engine's offences become the defender's events, its refusals
/// at a limit are counted.
/// </summary>
public sealed class DefenderGuard(ClientDefender defender, ConnectionMetrics connections, string site, string protocol) : IClientGuard
{
    public bool Admits(IPAddress address) => defender.Admits(address, site, protocol);

    public void Report(IPAddress address, ClientOffence offence) => defender.Report(address, offence switch
    {
        ClientOffence.ProtocolError => DefenderEvent.ProtocolError,
        ClientOffence.HostileInput => DefenderEvent.HostileInput,
        _ => DefenderEvent.NoLogin,
    }, site, protocol);

    public void Refused(IPAddress address, ConnectionRefusal refusal) => connections.Refused(site, protocol, refusal);
}
