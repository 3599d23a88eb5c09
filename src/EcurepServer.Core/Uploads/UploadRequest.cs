using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Uploads;

public enum UploadMode
{
    /// <summary>A new upload (FTP STOR, SFTP OPEN with TRUNC); any partial upload of this account at the path is discarded.</summary>
    Create,

    /// <summary>Continue this account's interrupted upload at <see cref="UploadRequest.Offset"/> (FTP REST + STOR).</summary>
    Resume,

    /// <summary>Continue this account's interrupted upload at its end, or start a new one (FTP APPE, SFTP APPEND).</summary>
    Append,
}

public sealed record UploadRequest(VirtualPath Path, UploadMode Mode, long Offset = 0);
