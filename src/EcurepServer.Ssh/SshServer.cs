using System.Net;
using EcurepServer.Ssh.Keys;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh;

/// <summary>An SSH-2 listener: accepts connections, runs transport, user authentication and the connection protocol.</summary>
public sealed class SshServer : IAsyncDisposable
{
    public SshServer(
        SshServerOptions options,
        IReadOnlyList<SshHostKey> hostKeys,
        ISshAuthenticator authenticator,
        IReadOnlyDictionary<string, ISshSubsystemHandler> subsystems,
        ILoggerFactory? loggerFactory = null) => throw new NotImplementedException();

    /// <summary>The bound address and port (the real port when the options asked for port 0).</summary>
    public IPEndPoint LocalEndPoint => throw new NotImplementedException();

    public Task StartAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Stops accepting, lets running sessions end until <paramref name="cancellationToken"/> fires, then closes them.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
