using System.Net;

namespace EcurepServer.Connections.ProxyProtocol;

/// <summary>
/// Which load balancers may put a PROXY protocol header before a connection ("Sites:&lt;Name&gt;:ProxyProtocol").
/// Empty (the default): none, and every connection's own peer address is the client's.
/// </summary>
public sealed class ProxyProtocolOptions
{
    public static readonly TimeSpan DefaultHeaderTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Addresses ("10.0.0.5", "2001:db8::7") or networks ("10.0.0.0/24") of the balancers.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>How long a balancer's connection may take to deliver its whole header.</summary>
    public TimeSpan HeaderTimeout { get; set; } = DefaultHeaderTimeout;

    public bool Enabled => TrustedProxies.Count > 0;

    public void Validate(OptionProblems problems, string prefix)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.RequirePositive(HeaderTimeout, prefix + "HeaderTimeout");
        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            problems.Require(
                TryParseNetwork(TrustedProxies[i], out _), $"{prefix}TrustedProxies:{i}",
                $"'{TrustedProxies[i]}' is neither an IP address nor a network in CIDR notation");
        }
    }

    /// <summary>The trusted networks; call after <see cref="Validate"/> found nothing.</summary>
    public IReadOnlyList<IPNetwork> Networks() =>
        [.. TrustedProxies.Select(text => TryParseNetwork(text, out var network) ? network : throw new FormatException($"'{text}' is not an address or network"))];

    private static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(text.Trim(), out network);
        }

        if (!IPAddress.TryParse(text.Trim(), out var address))
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
        return true;
    }
}
