using System.Net;
using EcurepServer.Management;

namespace EcurepServer.WebView;

/// <summary>
/// How many live streams (Server-Sent Events of the web pages) are open at once, in all and per client address: each
/// holds a connection and renders its page every second, so a few browsers left open cannot take them all.
/// </summary>
internal sealed class LiveStreamLimit(int maxStreams, int maxPerAddress, ClientAddressKey keys)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPNetwork, int> _perAddress = [];
    private int _open;

    /// <summary>A place for one more stream of <paramref name="address"/>, given back when disposed; null when there is none.</summary>
    public IDisposable? TryOpen(IPAddress? address)
    {
        var key = keys.Of(address);
        lock (_lock)
        {
            var ofAddress = _perAddress.GetValueOrDefault(key);
            if (_open >= maxStreams || ofAddress >= maxPerAddress)
            {
                return null;
            }

            _open++;
            _perAddress[key] = ofAddress + 1;
        }

        return new Place(this, key);
    }

    private void Close(IPNetwork key)
    {
        lock (_lock)
        {
            _open--;
            if (--_perAddress[key] == 0)
            {
                _perAddress.Remove(key);
            }
        }
    }

    private sealed class Place(LiveStreamLimit limit, IPNetwork key) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                limit.Close(key);
            }
        }
    }
}
