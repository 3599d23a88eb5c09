using System.Net;
using System.Net.Sockets;

namespace EcurepServer.Ftp.Data;

/// <summary>A listening port of the pool, held for one client address until disposed; disposing twice releases once.</summary>
internal sealed class PassivePortLease(PassivePortPool pool, Socket listener, IPAddress client) : IDisposable
{
    private int _released;

    public Socket Listener { get; } = listener;

    public int Port { get; } = ((IPEndPoint)listener.LocalEndPoint!).Port;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Listener.Dispose();
            pool.Release(Port, client);
        }
    }
}
