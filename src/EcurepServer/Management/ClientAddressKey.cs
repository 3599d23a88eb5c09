using System.Net;

namespace EcurepServer.Management;

/// <summary>The address a per-address share of the management endpoint is counted under.</summary>
internal static class ClientAddressKey
{
    /// <summary>Stands for requests whose address Kestrel does not know; they share one count.</summary>
    public static readonly IPAddress Unknown = IPAddress.IPv6None;

    /// <summary>An IPv4-mapped IPv6 address counts as its IPv4 address; no address counts as <see cref="Unknown"/>.</summary>
    public static IPAddress Of(IPAddress? address) => address switch
    {
        null => Unknown,
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4(),
        _ => address,
    };
}
