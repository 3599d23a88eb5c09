using EcurepServer.Core.Uploads;

namespace EcurepServer.Core.Faults;

/// <summary>The refusals a fault gives, the same a real failure gives, so a client cannot tell them apart.</summary>
public static class FaultRefusals
{
    /// <summary>What a full disk answers for <paramref name="name"/>: InsufficientStorage (FTP 452, SFTP failure) with the no-room text.</summary>
    public static Refusal DiskFull(string name) => UploadRefusals.DiskFull(name);
}
