using System.Buffers;

namespace EcurepServer.Sftp.Handlers;

/// <summary>Handles one request; <paramref name="body"/> holds the fields after the request id.</summary>
internal delegate ValueTask HandlerMethod(SftpConnection connection, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken);

/// <summary>
/// An entry of the request table. <see cref="Writes"/> marks requests that change the tree, as OpenSSH's
/// sftp-server does, so a read-only server is one check before any handler runs.
/// </summary>
internal sealed record RequestHandler(string Name, bool Writes, HandlerMethod Handle);
