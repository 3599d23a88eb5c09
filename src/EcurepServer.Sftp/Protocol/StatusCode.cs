namespace EcurepServer.Sftp.Protocol;

/// <summary>SSH_FX_* codes of SSH_FXP_STATUS in version 3.</summary>
internal enum StatusCode : uint
{
    Ok = 0,
    Eof = 1,
    NoSuchFile = 2,
    PermissionDenied = 3,
    Failure = 4,
    BadMessage = 5,
    OpUnsupported = 8,
}
