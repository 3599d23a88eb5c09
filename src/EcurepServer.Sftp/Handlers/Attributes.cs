using EcurepServer.Core.Tree;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>
/// SETSTAT and FSETSTAT on the session's own uploads: times, owners and permissions are accepted and left as
/// they are (clients such as WinSCP and <c>put -p</c> send them); a size is accepted only if it changes nothing.
/// </summary>
internal static class Attributes
{
    public static StatusReply? CheckSize(VirtualPath path, long size, SftpAttributes requested) =>
        requested.HasSize && requested.Size != (ulong)size
            ? new StatusReply(StatusCode.PermissionDenied, $"The size of {path} cannot be changed: an upload is written once, front to back.")
            : null;

    public static StatusReply NotOwnUpload(VirtualPath path) =>
        new(StatusCode.PermissionDenied, $"The attributes of {path} cannot be changed: only this session's own uploads accept attributes, and they are kept as they are.");
}
