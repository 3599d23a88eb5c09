using EcurepServer.Core.Accounts;
using EcurepServer.Core.Quotas;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;

namespace EcurepServer.Core.Sessions;

/// <summary>
/// The drop box as one logged-in principal sees it. Every rule (which directories exist, which may be listed,
/// read, entered or written) is applied here, so FTPS and SFTP behave the same.
/// </summary>
public interface IDropBoxSession
{
    Principal Principal { get; }

    SessionContext Context { get; }

    /// <summary>Turns client input relative to <paramref name="current"/> into a tree path, or refuses it (InvalidPath).</summary>
    Outcome<VirtualPath> Resolve(VirtualPath current, string input);

    Outcome<NodeInfo> Stat(VirtualPath path);

    Outcome<DirectoryEntry> Enter(VirtualPath path);

    /// <summary>Lists a directory; a write-only product directory lists only what this session delivered into it.</summary>
    Outcome<IReadOnlyList<NodeInfo>> List(VirtualPath directory);

    Outcome<Stream> OpenRead(VirtualPath file, long offset);

    /// <summary>
    /// Size of this account's interrupted upload at the path, for resume (FTP SIZE/REST, SFTP STAT before reput);
    /// refused once it is older than the partial retention, and always for another account's.
    /// </summary>
    Outcome<long> PartialLength(VirtualPath file);

    ValueTask<Outcome<IUpload>> BeginUploadAsync(UploadRequest request, CancellationToken cancellationToken);

    /// <summary>Picks a name this account has neither delivered nor is uploading in the directory (FTP STOU).</summary>
    Outcome<VirtualPath> UniqueName(VirtualPath directory, string? suggestion);

    /// <summary>
    /// Begins an upload under a name <see cref="UniqueName"/> would pick (FTP STOU), holding it as it begins: a name
    /// another upload claimed meanwhile, on any node sharing the catalog, is passed over for the next. The upload's
    /// <see cref="IUpload.Path"/> is the name picked.
    /// </summary>
    async ValueTask<Outcome<IUpload>> BeginUniqueUploadAsync(VirtualPath directory, string? suggestion, CancellationToken cancellationToken)
    {
        var name = UniqueName(directory, suggestion);
        return name.Succeeded ? await BeginUploadAsync(new UploadRequest(name.Value, UploadMode.Create), cancellationToken).ConfigureAwait(false) : name.Refusal;
    }

    /// <summary>What this principal may still upload today (SFTP statvfs, <c>df</c>).</summary>
    ValueTask<UploadAllowance> AllowanceAsync(CancellationToken cancellationToken);
}

/// <summary>Opens drop-box sessions for principals that a protocol has authenticated.</summary>
public interface IDropBox
{
    IDropBoxSession OpenSession(Principal principal, SessionContext context);

    /// <summary>Opens a session with a front door's choices, e.g. without /fromibm for SFTP.</summary>
    IDropBoxSession OpenSession(Principal principal, SessionContext context, DropBoxSessionOptions options) =>
        OpenSession(principal, context);
}
