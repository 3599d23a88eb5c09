using System.Net;
using EcurepServer.Connections;
using EcurepServer.Core.Defender;

namespace EcurepServer.Hosting;

/// <summary>Core's defender as one listener's engine sees it: the engine's offences become the defender's events.</summary>
public sealed class DefenderGuard(ClientDefender defender, string site, string protocol) : IClientGuard
{
    public bool Admits(IPAddress address) => defender.Admits(address, site, protocol);

    public void Report(IPAddress address, ClientOffence offence) => defender.Report(address, offence switch
    {
        ClientOffence.ProtocolError => DefenderEvent.ProtocolError,
        ClientOffence.HostileInput => DefenderEvent.HostileInput,
        _ => DefenderEvent.NoLogin,
    }, site, protocol);
}
