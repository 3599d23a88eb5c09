using System.Net.Sockets;

namespace EcurepServer.Connections;

/// <summary>
/// Lets the kernel notice a client that vanished without closing its connection (cable pulled, laptop asleep, NAT
/// state dropped): keepalive probes while the connection is quiet, and on Linux TCP_USER_TIMEOUT for data that stays
/// unacknowledged. Without them a server that waits to receive waits for such a client until its idle timeout, and
/// its interrupted upload stays locked against a resume from a new session all that time. A live client's kernel
/// answers the probes whatever the client program does, so only a dead peer is cut off.
/// </summary>
public static class DeadPeerDetection
{
    /// <summary>TCP_USER_TIMEOUT from linux/tcp.h; .NET has no name for it.</summary>
    private const int TcpUserTimeout = 18;

    private const int Probes = 4;

    /// <summary>
    /// The connection fails about <paramref name="timeout"/> (at least 2 s) after the peer was last heard from;
    /// zero or less leaves the system's defaults.
    /// </summary>
    public static void Apply(Socket socket, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        var seconds = Math.Max(2, (int)timeout.TotalSeconds);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, seconds / 2);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Math.Max(1, seconds / 2 / Probes));
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Probes);
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, TcpUserTimeout, BitConverter.GetBytes(seconds * 1000));
            }
        }
        catch (SocketException)
        {
            // A connection already reset has nothing left to detect; its first read or write fails on its own.
        }
    }
}
