using EcurepServer.Core;

namespace EcurepServer.Ftp.Session;

/// <summary>RFC 959 reply codes for the drop box's refusals.</summary>
internal static class RefusalCodes
{
    public static int For(RefusalKind kind, bool storing) => kind switch
    {
        RefusalKind.InvalidPath => storing ? 553 : 550,
        RefusalKind.AlreadyExists => 553,
        RefusalKind.TooLarge or RefusalKind.QuotaExceeded => 552,
        RefusalKind.Unavailable => 450,
        RefusalKind.InsufficientStorage => 452,
        RefusalKind.StorageFailed => 451,
        _ => 550,
    };
}
