using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Uploads;

/// <summary>The refusals uploads share, so every path that ends in them reads the same.</summary>
internal static class UploadRefusals
{
    public static Refusal AlreadyDelivered(string name) =>
        new(RefusalKind.AlreadyExists, $"{name} already exists; delivered files are never overwritten, choose another name.");

    public static Refusal InProgress(VirtualPath path) =>
        new(RefusalKind.Unavailable, $"An upload of {path} is already in progress.");

    /// <summary>A storage error as the client hears it: a full disk (FTP 452) or any other failure (FTP 451).</summary>
    public static Refusal StorageFailed(VirtualPath path, Exception e) => IsDiskFull(e)
        ? DiskFull(path.Value)
        : new(RefusalKind.StorageFailed, $"The server could not store {path}; please try again later.");

    public static Refusal DiskFull(string path) =>
        new(RefusalKind.InsufficientStorage, $"The server has no room left to store {path}; please try again later.");

    /// <summary>ENOSPC on Unix (the HResult .NET gives is the errno); ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(Exception e) => e.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027);
}
