using System.Net;
using System.Net.Sockets;

namespace EcurepServer.Ftp.Data;

/// <summary>
/// Hands out listening sockets on ports of the configured range, round robin, skipping ports that are in use
/// by another session or by another process. Range 0-0 binds OS-chosen ephemeral ports. Servers whose ranges
/// are the same share one pool, so they take turns instead of racing each other for the same ports.
/// </summary>
public sealed class PassivePortPool
{
    private readonly HashSet<int> _inUse = [];
    private readonly Lock _lock = new();
    private readonly int _minPort;
    private readonly int _maxPort;
    private int _next;

    public PassivePortPool(int minPort, int maxPort)
    {
        _minPort = minPort;
        _maxPort = maxPort;
        _next = minPort;
    }

    public int MinPort => _minPort;

    public int MaxPort => _maxPort;

    public bool IsEphemeral => _minPort == 0;

    /// <summary>A listening socket on <paramref name="address"/>, or null when every port of the range is taken.</summary>
    internal Socket? Listen(IPAddress address)
    {
        if (IsEphemeral)
        {
            return TryListen(address, 0);
        }

        var count = _maxPort - _minPort + 1;
        for (var attempt = 0; attempt < count; attempt++)
        {
            var port = Reserve();
            if (port == 0)
            {
                return null;
            }

            var socket = TryListen(address, port);
            if (socket is not null)
            {
                return socket;
            }

            Release(port);
        }

        return null;
    }

    internal void Release(int port)
    {
        if (IsEphemeral)
        {
            return;
        }

        lock (_lock)
        {
            _inUse.Remove(port);
        }
    }

    private int Reserve()
    {
        lock (_lock)
        {
            var count = _maxPort - _minPort + 1;
            for (var i = 0; i < count; i++)
            {
                var port = _next;
                _next = port == _maxPort ? _minPort : port + 1;
                if (_inUse.Add(port))
                {
                    return port;
                }
            }

            return 0;
        }
    }

    private static Socket? TryListen(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(4);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
