namespace EcurepServer.Core.FromIbm;

/// <summary>A file placed for an account: what it sees (<see cref="Path"/>, e.g. /fromibm/fix.zip) and where it is on disk.</summary>
public sealed record FromIbmFile(string TransferId, string Path, string DiskFile, long Size, bool Replaced);
