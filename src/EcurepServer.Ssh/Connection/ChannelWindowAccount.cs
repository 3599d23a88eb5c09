using System.Net;
using EcurepServer.Connections;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// The receive window one connection's channels hold, reserved from three budgets at once: the connection's share, its
/// client address's share (all connections from that address together) and the server's total. The shares keep one
/// address from holding the window every other client needs. Safe to use from any thread.
/// </summary>
internal sealed class ChannelWindowAccount(ByteBudget connection, ByteBudget address, ByteBudget server, IPAddress clientAddress)
{
    /// <summary>Reserves <paramref name="bytes"/> from every budget, or from none: null when reserved, else which cap refused, for the log.</summary>
    public string? TryReserve(long bytes)
    {
        if (!connection.TryReserve(bytes))
        {
            return $"the connection's channels hold {connection.Reserved} of the {connection.Capacity} bytes of window one connection may (MaxChannelWindowBytesPerConnection)";
        }

        if (!address.TryReserve(bytes))
        {
            connection.Release(bytes);
            return $"the channels from {clientAddress} hold {address.Reserved} of the {address.Capacity} bytes of window one address may (MaxChannelWindowBytesPerAddress)";
        }

        if (!server.TryReserve(bytes))
        {
            address.Release(bytes);
            connection.Release(bytes);
            return $"the server's open channels hold all {server.Capacity} bytes of window allowed (TotalChannelWindowBytes)";
        }

        return null;
    }

    public void Release(long bytes)
    {
        server.Release(bytes);
        address.Release(bytes);
        connection.Release(bytes);
    }
}
