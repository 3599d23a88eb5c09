using System.Net;
using System.Text.RegularExpressions;

namespace EcurepServer.Core.Faults;

/// <summary>
/// Which sessions a rule applies to; an unset part matches every session. <see cref="Account"/> is a name or a
/// pattern with <c>*</c> and <c>?</c>, compared without regard to case; a rule that names an account does not match
/// before the login, where no account is known yet.
/// </summary>
public sealed record FaultMatch(string? Site = null, string? Protocol = null, string? Account = null, IPNetwork? Client = null)
{
    private readonly Regex? _account = Account is null ? null : Pattern(Account);

    public bool Matches(FaultProbe probe)
    {
        if (Site is not null && !string.Equals(Site, probe.Site, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Protocol is not null && !string.Equals(Protocol, probe.Protocol, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (_account is not null && (probe.Account is null || !_account.IsMatch(probe.Account)))
        {
            return false;
        }

        return Client is not { } network || network.Contains(Normalize(probe.Client));
    }

    /// <summary>An address or a network in CIDR notation; an IPv4-mapped address counts as IPv4.</summary>
    public static bool TryParseClient(string text, out IPNetwork network)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            address = Normalize(address);
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static Regex Pattern(string pattern) => new(
        "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));
}
