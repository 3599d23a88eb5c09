using EcurepServer.Core;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>How Core's refusals read in SFTP version 3, which has few status codes; the message says the rest.</summary>
internal static class Refusals
{
    public static StatusCode ToStatus(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound or RefusalKind.InvalidPath => StatusCode.NoSuchFile,
        RefusalKind.PermissionDenied or RefusalKind.AlreadyExists => StatusCode.PermissionDenied,
        _ => StatusCode.Failure,
    };
}
