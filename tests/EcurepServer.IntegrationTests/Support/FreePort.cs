using System.Net;
using System.Net.Sockets;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>A TCP port the OS just chose, for a program that cannot report the one it bound (HAProxy, PostgreSQL).</summary>
public static class FreePort
{
    public static int On(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
