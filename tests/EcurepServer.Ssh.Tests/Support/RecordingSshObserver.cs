using System.Collections.Concurrent;
using System.Net;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>Keeps what the server tells the host about each connection, in order.</summary>
internal sealed class RecordingSshObserver : ISshSessionObserver
{
    private readonly ConcurrentQueue<Connection> _connections = new();
    private int _count;

    public IReadOnlyList<Connection> Connections => [.. _connections];

    public ISshConnectionObserver Connected(IPEndPoint remoteEndPoint, IPEndPoint localEndPoint)
    {
        var connection = new Connection($"c{Interlocked.Increment(ref _count)}") { RemoteEndPoint = remoteEndPoint };
        _connections.Enqueue(connection);
        return connection;
    }

    /// <summary>Waits until the only connection has ended, and returns it.</summary>
    public async Task<Connection> EndedAsync()
    {
        await Eventually.TrueAsync(() => _connections.Count == 1 && _connections.Single().Events.LastOrDefault() is Ended, "the connection to end", TimeSpan.FromSeconds(30));
        return _connections.Single();
    }

    public sealed record Versions(string Client, string Server);

    public sealed record Ended(SshEndReason Reason, string? Detail);

    public sealed class Connection(string id) : ISshConnectionObserver
    {
        private readonly Lock _lock = new();
        private readonly List<object> _events = [];

        public string ConnectionId { get; } = id;

        public IPEndPoint? RemoteEndPoint { get; init; }

        public IReadOnlyList<object> Events
        {
            get
            {
                lock (_lock)
                {
                    return [.. _events];
                }
            }
        }

        public void VersionsExchanged(string clientVersion, string serverVersion) => Add(new Versions(clientVersion, serverVersion));

        public void KeyExchangeInit(SshKexInit kexInit) => Add(kexInit);

        public void KeyExchanged(SshKeyExchange exchange) => Add(exchange);

        public void AuthenticationAttempted(SshAuthAttempt attempt) => Add(attempt);

        public void ChannelOpened(SshChannelOpen open) => Add(open);

        public void ChannelRequested(SshChannelRequest request) => Add(request);

        public void Ended(SshEndReason reason, string? detail) => Add(new Ended(reason, detail));

        private void Add(object item)
        {
            lock (_lock)
            {
                _events.Add(item);
            }
        }
    }
}
