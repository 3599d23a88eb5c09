using EcurepServer.Core;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Quotas;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;

namespace EcurepServer.Ftp.Tests.Fakes;

/// <summary>
/// The ECuRep tree in memory: / and /toibm listable, /toibm/aix write-only, /toibm/0-README.txt readable.
/// Records every upload: delivered (committed) or abandoned (disposed without commit).
/// </summary>
internal sealed class FakeDropBox : IDropBox
{
    public const string ReadmeText = "Name your files after the PMR or case number.\n";

    public static readonly DateTimeOffset Modified = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<FakeUpload> _uploads = [];

    public FakeDropBox()
    {
        AddDirectory("/", NodeAccess.List | NodeAccess.Enter);
        AddDirectory("/toibm", NodeAccess.List | NodeAccess.Enter, "Please read toibm/0-README.txt for information.");
        AddDirectory("/toibm/aix", NodeAccess.Write | NodeAccess.Enter);
        AddDirectory("/fromibm", NodeAccess.List | NodeAccess.Enter);
        Nodes["/toibm/0-README.txt"] = new NodeInfo(Paths.Of("/toibm/0-README.txt"), NodeKind.File, NodeAccess.Read, ReadmeText.Length, Modified);
    }

    public Dictionary<string, NodeInfo> Nodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string[]> Notices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Partials { get; } = new(StringComparer.Ordinal);

    public long MaxUploadBytes { get; set; } = long.MaxValue;

    /// <summary>Bytes all sessions together may still write; beyond it a write, or a new upload once it is 0, is refused as over quota.</summary>
    public long QuotaLeft { get; set; } = long.MaxValue;

    public const string QuotaText = "Upload quota exceeded: anonymous users together may upload 1000 bytes a day (UTC)";

    /// <summary>When set, writes wait for it, so a test can see what the server does while a chunk is being written.</summary>
    public Task? WriteGate { get; set; }

    /// <summary>When set, commits wait for it, so a test can act between the end of the data and the 226.</summary>
    public Task? CommitGate { get; set; }

    /// <summary>Completes when a commit reaches <see cref="CommitGate"/>.</summary>
    public TaskCompletionSource CommitReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<UploadRequest> Requests { get; } = [];

    public IReadOnlyList<FakeUpload> Uploads
    {
        get
        {
            lock (_lock)
            {
                return [.. _uploads];
            }
        }
    }

    public IReadOnlyList<FakeUpload> Delivered => Uploads.Where(u => u.Committed).ToArray();

    public IDropBoxSession OpenSession(Principal principal, SessionContext context) => new Session(this, principal, context);

    private void AddDirectory(string path, NodeAccess access, params string[] notice)
    {
        Nodes[path] = new NodeInfo(Paths.Of(path), NodeKind.Directory, access, 4096, Modified);
        Notices[path] = notice;
    }

    private sealed class Session(FakeDropBox box, Principal principal, SessionContext context) : IDropBoxSession
    {
        private int _unique;

        public Principal Principal => principal;

        public SessionContext Context => context;

        public Outcome<VirtualPath> Resolve(VirtualPath current, string input) =>
            Paths.Resolve(current, input) is { } path
                ? Outcome<VirtualPath>.Success(path)
                : Outcome<VirtualPath>.Refused(RefusalKind.InvalidPath, $"{input}: invalid path");

        public Outcome<NodeInfo> Stat(VirtualPath path) =>
            box.Nodes.TryGetValue(path.Value, out var node)
                ? Outcome<NodeInfo>.Success(node)
                : Outcome<NodeInfo>.Refused(RefusalKind.NotFound, $"{path}: No such file or directory");

        public Outcome<DirectoryEntry> Enter(VirtualPath path)
        {
            var node = Stat(path);
            if (!node.Succeeded)
            {
                return node.Refusal;
            }

            if (!node.Value.IsDirectory)
            {
                return Outcome<DirectoryEntry>.Refused(RefusalKind.NotADirectory, $"{path}: Not a directory");
            }

            return Outcome<DirectoryEntry>.Success(new DirectoryEntry(node.Value, box.Notices[path.Value]));
        }

        public Outcome<IReadOnlyList<NodeInfo>> List(VirtualPath directory)
        {
            var node = Stat(directory);
            if (!node.Succeeded)
            {
                return node.Refusal;
            }

            if (!node.Value.Access.HasFlag(NodeAccess.List))
            {
                return Outcome<IReadOnlyList<NodeInfo>>.Refused(RefusalKind.PermissionDenied, $"{directory}: Permission denied");
            }

            IReadOnlyList<NodeInfo> children = box.Nodes.Values.Where(n => !n.Path.IsRoot && n.Path.Parent.Equals(directory)).OrderBy(n => n.Name).ToArray();
            return Outcome<IReadOnlyList<NodeInfo>>.Success(children);
        }

        public Outcome<Stream> OpenRead(VirtualPath file, long offset)
        {
            var node = Stat(file);
            if (!node.Succeeded)
            {
                return node.Refusal;
            }

            if (node.Value.IsDirectory || !node.Value.Access.HasFlag(NodeAccess.Read))
            {
                return Outcome<Stream>.Refused(RefusalKind.PermissionDenied, $"{file}: Permission denied");
            }

            var bytes = System.Text.Encoding.UTF8.GetBytes(ReadmeText);
            return Outcome<Stream>.Success(new MemoryStream(bytes[(int)Math.Min(offset, bytes.Length)..]));
        }

        public Outcome<long> PartialLength(VirtualPath file) =>
            box.Partials.TryGetValue(file.Value, out var length)
                ? Outcome<long>.Success(length)
                : Outcome<long>.Refused(RefusalKind.NotFound, $"{file}: No such file or directory");

        public ValueTask<Outcome<IUpload>> BeginUploadAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            lock (box._lock)
            {
                box.Requests.Add(request);
            }

            var parent = request.Path.Parent;
            if (!box.Nodes.TryGetValue(parent.Value, out var directory) || !directory.Access.HasFlag(NodeAccess.Write))
            {
                return ValueTask.FromResult(Outcome<IUpload>.Refused(RefusalKind.PermissionDenied, $"{request.Path}: Permission denied"));
            }

            if (box.QuotaLeft == 0)
            {
                return ValueTask.FromResult(Outcome<IUpload>.Refused(RefusalKind.QuotaExceeded, QuotaText));
            }

            var upload = new FakeUpload(box, request.Path, principal, context, request.Mode == UploadMode.Create ? 0 : request.Offset);
            lock (box._lock)
            {
                box._uploads.Add(upload);
            }

            return ValueTask.FromResult(Outcome<IUpload>.Success(upload));
        }

        public ValueTask<UploadAllowance> AllowanceAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(new UploadAllowance(null, 0, box.MaxUploadBytes));

        public Outcome<VirtualPath> UniqueName(VirtualPath directory, string? suggestion) =>
            Outcome<VirtualPath>.Success(Paths.Of($"{directory.Value.TrimEnd('/')}/{suggestion ?? "upload"}.{Interlocked.Increment(ref _unique)}"));
    }
}
