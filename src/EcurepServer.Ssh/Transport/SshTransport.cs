using System.Net;
using EcurepServer.Ssh.Keys;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Transport;

/// <summary>The server side of RFC 4253 over one connection.</summary>
internal sealed class SshTransport
{
    /// <summary>
    /// Runs the version exchange and the first key exchange (strict kex, EXT_INFO) on <paramref name="stream"/>
    /// and returns the transport ready for SERVICE_REQUEST. Throws <see cref="Protocol.SshProtocolException"/>
    /// (after sending DISCONNECT) or an I/O exception when the client fails.
    /// </summary>
    public static Task<ISshPacketTransport> AcceptAsync(
        Stream stream,
        string connectionId,
        IPEndPoint remoteEndPoint,
        SshServerOptions options,
        IReadOnlyList<SshHostKey> hostKeys,
        ILogger logger,
        CancellationToken cancellationToken) => throw new NotImplementedException();
}
