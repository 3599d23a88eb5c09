using System.Net;

namespace EcurepServer.Connections;

/// <summary>
/// The host's defender as an engine sees it: asked at accept, before any TLS or SSH work, and told what clients do
/// wrong. One guard serves a listener; the host may share what it knows across sites and protocols.
/// </summary>
public interface IClientGuard
{
    /// <summary>False when connections from <paramref name="address"/> are refused (the address is banned).</summary>
    bool Admits(IPAddress address);

    void Report(IPAddress address, ClientOffence offence);

    /// <summary>Told of each connection the listener refused at accept because a limit was reached (for the metrics).</summary>
    void Refused(IPAddress address, ConnectionRefusal refusal)
    {
    }
}

/// <summary>Admits everyone and keeps no score.</summary>
public sealed class NoClientGuard : IClientGuard
{
    public static NoClientGuard Instance { get; } = new();

    public bool Admits(IPAddress address) => true;

    public void Report(IPAddress address, ClientOffence offence)
    {
    }
}
