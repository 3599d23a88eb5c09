using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EcurepServer.Ftp.Data;

/// <summary>Address forms of PORT, EPRT, PASV and EPSV (RFC 959, RFC 2428), and the same-peer rule.</summary>
internal static class EndpointRules
{
    /// <summary>IPv4-mapped IPv6 addresses (dual-mode sockets) compared and advertised in their IPv4 form.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public static bool SameHost(IPAddress a, IPAddress b) => Normalize(a).Equals(Normalize(b));

    /// <summary>The RFC 2428 network protocol number of an address: 1 for IPv4, 2 for IPv6.</summary>
    public static int NetworkProtocol(IPAddress address) => Normalize(address).AddressFamily == AddressFamily.InterNetworkV6 ? 2 : 1;

    /// <summary>The net-prt field of an EPRT argument ("|3|...|" gives 3), or null when the argument has no numeric one.</summary>
    public static int? ExtendedPortProtocol(string argument)
    {
        var text = argument.Trim();
        if (text.Length < 3 || text[0] < 33 || text[0] > 126)
        {
            return null;
        }

        var parts = text.Split(text[0]);
        return parts.Length >= 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var protocol) ? protocol : null;
    }

    /// <summary>"h1,h2,h3,h4,p1,p2".</summary>
    public static IPEndPoint? ParsePort(string argument)
    {
        var parts = argument.Trim().Split(',');
        if (parts.Length != 6)
        {
            return null;
        }

        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (!byte.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        return new IPEndPoint(new IPAddress(bytes.AsSpan(0, 4)), (bytes[4] << 8) | bytes[5]);
    }

    /// <summary>"|1|132.235.1.2|6275|" or "|2|::1|6275|"; any printable delimiter (RFC 2428 section 2).</summary>
    public static IPEndPoint? ParseExtendedPort(string argument)
    {
        var text = argument.Trim();
        if (text.Length < 7 || text[0] < 33 || text[0] > 126)
        {
            return null;
        }

        var parts = text.Split(text[0]);
        if (parts.Length != 5 || parts[0].Length != 0 || parts[4].Length != 0)
        {
            return null;
        }

        var family = parts[1] switch
        {
            "1" => AddressFamily.InterNetwork,
            "2" => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unknown,
        };
        if (family == AddressFamily.Unknown
            || !IPAddress.TryParse(parts[2], out var address)
            || address.AddressFamily != family
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }

        return new IPEndPoint(address, port);
    }

    /// <summary>"h1,h2,h3,h4,p1,p2" for a 227 reply; null when the address is not IPv4.</summary>
    public static string? FormatPassive(IPAddress address, int port)
    {
        var v4 = Normalize(address);
        if (v4.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }

        var b = v4.GetAddressBytes();
        return string.Create(CultureInfo.InvariantCulture, $"{b[0]},{b[1]},{b[2]},{b[3]},{port >> 8},{port & 0xFF}");
    }
}
