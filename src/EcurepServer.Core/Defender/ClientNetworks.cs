using System.Net;
using System.Net.Sockets;

namespace EcurepServer.Core.Defender;

/// <summary>Client addresses as the defender scores them: IPv4 per address (or network), IPv6 per network (a /64 by default).</summary>
public static class ClientNetworks
{
    /// <summary>The network of <paramref name="address"/> under the given prefix lengths; IPv4-mapped IPv6 counts as IPv4.</summary>
    public static IPNetwork Of(IPAddress address, int ipv4PrefixLength, int ipv6PrefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? ipv4PrefixLength : ipv6PrefixLength;
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPNetwork(new IPAddress(bytes), prefix);
    }

    /// <summary>"192.0.2.7" for a single IPv4 address, "2001:db8:1:2::/64" otherwise.</summary>
    public static string Format(IPNetwork network) =>
        network.PrefixLength == network.BaseAddress.GetAddressBytes().Length * 8 ? network.BaseAddress.ToString() : network.ToString();

    /// <summary>An address (a network of one) or a network in CIDR form; null when it is neither.</summary>
    public static IPNetwork? ParseNetwork(string text)
    {
        text = text.Trim();
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return new IPNetwork(address, address.GetAddressBytes().Length * 8);
        }

        return IPNetwork.TryParse(text, out var network) ? network : null;
    }
}
