namespace EcurepServer.Core.Maintenance;

/// <summary>
/// What a reset did: refused because uploads were in progress (<see cref="InProgress"/> names them), or done, with
/// the number of files deleted, the uploads it ended (with force) and the accounts removed.
/// </summary>
public sealed record ResetResult(bool Refused, IReadOnlyList<string> InProgress, int DeletedFiles, int EndedUploads, int RemovedAccounts);
