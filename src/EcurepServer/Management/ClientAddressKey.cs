using System.Net;

namespace EcurepServer.Management;

/// <summary>
/// The network a per-address share of the management endpoint is counted under: the one the defender scores (an IPv4
/// address, an IPv6 /64 by default), because one host holds a whole IPv6 network and would otherwise take a fresh
/// share with every address of it.
/// </summary>
internal sealed class ClientAddressKey(Func<IPAddress, IPNetwork> networkOf)
{
    /// <summary>Stands for requests whose address Kestrel does not know; they share one count.</summary>
    public static readonly IPNetwork Unknown = new(IPAddress.IPv6None, 128);

    public IPNetwork Of(IPAddress? address) => address is null ? Unknown : networkOf(address);
}
