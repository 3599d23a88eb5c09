using System.Net;
using System.Net.Sockets;

namespace EcurepServer.Ftp.Data;

/// <summary>Why <see cref="PassivePortPool.Listen"/> gave no port.</summary>
internal enum PassivePortShortage
{
    None,

    /// <summary>Every port of the range is held.</summary>
    RangeExhausted,

    /// <summary>The client's address already holds as many ports as the server allows one address.</summary>
    AddressLimit,
}

/// <summary>
/// Hands out listening sockets on ports of the configured range, round robin, skipping ports that are in use
/// by another session or by another process. Range 0-0 binds OS-chosen ephemeral ports. Servers whose ranges
/// are the same share one pool, so they take turns instead of racing each other for the same ports. The pool
/// counts the ports each client address holds, so that one address (or a few) cannot take the whole range.
/// </summary>
public sealed class PassivePortPool
{
    private readonly HashSet<int> _inUse = [];
    private readonly Dictionary<IPAddress, int> _heldBy = [];
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

    public bool IsEphemeral => _minPort == 0;

    /// <summary>The passive ports held now, over every server sharing the pool.</summary>
    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _heldBy.Values.Sum();
            }
        }
    }

    /// <summary>The passive ports <paramref name="client"/> holds now, over every server sharing the pool.</summary>
    internal int HeldBy(IPAddress client)
    {
        lock (_lock)
        {
            return _heldBy.GetValueOrDefault(EndpointRules.Normalize(client));
        }
    }

    /// <summary>
    /// A port held for <paramref name="client"/>, listening on <paramref name="address"/>; null with the reason when the
    /// range is exhausted or the client already holds <paramref name="maxPerClient"/> ports.
    /// </summary>
    internal PassivePortLease? Listen(IPAddress address, IPAddress client, int maxPerClient, out PassivePortShortage shortage)
    {
        client = EndpointRules.Normalize(client);
        lock (_lock)
        {
            var held = _heldBy.GetValueOrDefault(client);
            if (held >= maxPerClient)
            {
                shortage = PassivePortShortage.AddressLimit;
                return null;
            }

            _heldBy[client] = held + 1;
        }

        var socket = IsEphemeral ? TryListen(address, 0) : ListenInRange(address);
        if (socket is null)
        {
            Forget(client);
            shortage = PassivePortShortage.RangeExhausted;
            return null;
        }

        shortage = PassivePortShortage.None;
        return new PassivePortLease(this, socket, client);
    }

    internal void Release(int port, IPAddress client)
    {
        if (!IsEphemeral)
        {
            lock (_lock)
            {
                _inUse.Remove(port);
            }
        }

        Forget(client);
    }

    private void Forget(IPAddress client)
    {
        lock (_lock)
        {
            var left = _heldBy.GetValueOrDefault(client) - 1;
            if (left > 0)
            {
                _heldBy[client] = left;
            }
            else
            {
                _heldBy.Remove(client);
            }
        }
    }

    private Socket? ListenInRange(IPAddress address)
    {
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

            lock (_lock)
            {
                _inUse.Remove(port);
            }
        }

        return null;
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
