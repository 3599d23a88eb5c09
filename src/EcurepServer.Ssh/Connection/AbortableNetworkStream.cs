using System.Net.Sockets;

namespace EcurepServer.Ssh.Connection;

/// <summary>The connection's stream, which can also end it with a TCP reset.</summary>
internal sealed class AbortableNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    /// <summary>Closes with RST instead of FIN.</summary>
    public void Reset()
    {
        try
        {
            Socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing to reset.
        }

        Dispose();
    }
}
