using System.Collections.Concurrent;
using System.Text;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Quotas;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;

namespace EcurepServer.Core.Sessions;

/// <summary>The tree rules for one principal; see ECUREP.md for the layout they implement.</summary>
internal sealed class DropBoxSession : IDropBoxSession
{
    private const NodeAccess BrowsableDirectory = NodeAccess.List | NodeAccess.Enter;
    private const NodeAccess WriteOnlyDirectory = NodeAccess.Enter | NodeAccess.Write;
    private const int MaxUniqueNameAttempts = 1000;

    private readonly DropBoxServices _services;
    private readonly DropBoxSessionOptions _options;
    private readonly ConcurrentDictionary<VirtualPath, NodeInfo> _delivered = new();
    private readonly string? _fromIbmDirectory;

    /// <summary>The folder below each product directory that holds this account's deliveries.</summary>
    private readonly string _deliveryFolder;

    public DropBoxSession(DropBoxServices services, Principal principal, SessionContext context, DropBoxSessionOptions options)
    {
        _services = services;
        _options = options;
        Principal = principal;
        Context = context;
        AccountKey = Storage.AccountKey.For(principal, context.ClientAddress);
        _deliveryFolder = Storage.AccountKey.DeliveryFolder(principal, AccountKey);
        _fromIbmDirectory = services.Layout.FromIbmDirectory(principal);
    }

    public Principal Principal { get; }

    public SessionContext Context { get; }

    internal string AccountKey { get; }

    internal DropBoxServices Services => _services;

    public Outcome<VirtualPath> Resolve(VirtualPath current, string input) => PathResolver.Resolve(current, input);

    public Outcome<NodeInfo> Stat(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var location = Locate(path);
        switch (location.Kind)
        {
            case LocationKind.Root:
            case LocationKind.ToIbm:
            case LocationKind.FromIbm:
                return Outcome<NodeInfo>.Success(VirtualDirectory(path, BrowsableDirectory));
            case LocationKind.Product:
                return Outcome<NodeInfo>.Success(VirtualDirectory(path, WriteOnlyDirectory));
            case LocationKind.Readme:
                return Outcome<NodeInfo>.Success(new NodeInfo(path, NodeKind.File, NodeAccess.Read, _services.Readme.Length, _services.Started));
            case LocationKind.ProductFile:
                if (_delivered.TryGetValue(path, out var delivered))
                {
                    return Outcome<NodeInfo>.Success(delivered);
                }

                var partial = ResumablePartial(location.Product!, location.FileName!);
                return partial is not null
                    ? Outcome<NodeInfo>.Success(new NodeInfo(path, NodeKind.File, NodeAccess.Write, partial.Length, partial.LastWriteTimeUtc))
                    : NotFound(path);
            case LocationKind.FromIbmEntry:
                return FromIbmNode(path) is { } node ? Outcome<NodeInfo>.Success(node) : NotFound(path);
            default:
                return NotFound(path);
        }
    }

    public Outcome<DirectoryEntry> Enter(VirtualPath path)
    {
        var stat = Stat(path);
        if (!stat.Succeeded)
        {
            return stat.Refusal;
        }

        var node = stat.Value;
        if (!node.IsDirectory)
        {
            return new Refusal(RefusalKind.NotADirectory, $"{path} is a file, not a directory.");
        }

        var notice = Locate(path).Kind == LocationKind.ToIbm ? _services.Options.ToibmNotice : [];
        return Outcome<DirectoryEntry>.Success(new DirectoryEntry(node, notice));
    }

    public Outcome<IReadOnlyList<NodeInfo>> List(VirtualPath directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var location = Locate(directory);
        switch (location.Kind)
        {
            case LocationKind.Root:
                var top = new List<NodeInfo> { VirtualDirectory(directory.Child(TreeNames.ToIbm), BrowsableDirectory) };
                if (_options.ShowFromIbm)
                {
                    top.Insert(0, VirtualDirectory(directory.Child(TreeNames.FromIbm), BrowsableDirectory));
                }

                return Outcome<IReadOnlyList<NodeInfo>>.Success(top);
            case LocationKind.ToIbm:
                var entries = new List<NodeInfo>
                {
                    new(directory.Child(TreeNames.Readme), NodeKind.File, NodeAccess.Read, _services.Readme.Length, _services.Started),
                };
                entries.AddRange(_services.SortedProducts.Select(p => VirtualDirectory(directory.Child(p), WriteOnlyDirectory)));
                return Outcome<IReadOnlyList<NodeInfo>>.Success(entries);
            case LocationKind.Product:
                return DeliveredHere(directory);
            case LocationKind.ProductFile:
                return WriteOnly(location);
            case LocationKind.Readme:
                return new Refusal(RefusalKind.NotADirectory, $"{directory} is a file, not a directory.");
            case LocationKind.FromIbm:
            case LocationKind.FromIbmEntry:
                return ListFromIbm(directory);
            default:
                return NotFound(directory);
        }
    }

    public Outcome<Stream> OpenRead(VirtualPath file, long offset)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var location = Locate(file);
        switch (location.Kind)
        {
            case LocationKind.Readme:
                var readme = new MemoryStream(_services.Readme, writable: false);
                readme.Position = Math.Min(offset, readme.Length);
                return Outcome<Stream>.Success(readme);
            case LocationKind.ProductFile:
                return WriteOnly(location);
            case LocationKind.FromIbmEntry:
                var node = FromIbmNode(file);
                if (node is null)
                {
                    return NotFound(file);
                }

                return node.IsDirectory ? IsADirectory(file) : OpenFromIbm(file, offset);
            case LocationKind.Root:
            case LocationKind.ToIbm:
            case LocationKind.Product:
            case LocationKind.FromIbm:
                return IsADirectory(file);
            default:
                return NotFound(file);
        }
    }

    public Outcome<long> PartialLength(VirtualPath file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var location = Locate(file);
        if (location.Kind == LocationKind.ProductFile && ResumablePartial(location.Product!, location.FileName!) is { } partial)
        {
            return Outcome<long>.Success(partial.Length);
        }

        return new Refusal(RefusalKind.NotFound, $"There is no interrupted upload of {file} to resume.");
    }

    public async ValueTask<Outcome<IUpload>> BeginUploadAsync(UploadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Offset);
        var location = Locate(request.Path);
        var begun = location.Kind == LocationKind.ProductFile
            ? await FileUpload.StartAsync(this, request, location.Product!, location.FileName!, cancellationToken).ConfigureAwait(false)
            : RefuseUpload(request.Path, UploadPlacementRefusal(request.Path, location));
        if (!begun.Succeeded)
        {
            Context.Transcript.Write(new UploadEvent(request.Path.Value, UploadOutcomes.Refused, 0, 0) { Reason = begun.Refusal.Message });
            _services.Metrics?.Refused(Context, begun.Refusal.Kind);
        }

        return begun;
    }

    public Outcome<VirtualPath> UniqueName(VirtualPath directory, string? suggestion)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var location = Locate(directory);
        if (location.Kind != LocationKind.Product)
        {
            return RefuseUpload(directory, UploadPlacementRefusal(directory.Child("upload"), Locate(directory.Child("upload"))));
        }

        foreach (var name in FreeNames(location.Product!, suggestion))
        {
            return Outcome<VirtualPath>.Success(directory.Child(name));
        }

        return NoFreeName(directory);
    }

    public async ValueTask<Outcome<IUpload>> BeginUniqueUploadAsync(VirtualPath directory, string? suggestion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var location = Locate(directory);
        var begun = location.Kind == LocationKind.Product
            ? await StartUniqueAsync(directory, location.Product!, suggestion, cancellationToken).ConfigureAwait(false)
            : RefuseUpload(directory, UploadPlacementRefusal(directory.Child("upload"), Locate(directory.Child("upload"))));
        if (!begun.Succeeded)
        {
            Context.Transcript.Write(new UploadEvent(directory.Value, UploadOutcomes.Refused, 0, 0) { Reason = begun.Refusal.Message });
            _services.Metrics?.Refused(Context, begun.Refusal.Kind);
        }

        return begun;
    }

    public async ValueTask<UploadAllowance> AllowanceAsync(CancellationToken cancellationToken)
    {
        var quota = await _services.Quotas.OpenAsync(Principal, cancellationToken).ConfigureAwait(false);
        return quota.Allowance(_services.Options.MaxUploadBytes);
    }

    /// <summary>Where this account's file of that name is (or would be) delivered.</summary>
    internal string DeliveredFile(string product, string name) => _services.Layout.DeliveredFile(product, _deliveryFolder, name);

    /// <summary>Where this account's upload of that name keeps its data until it is delivered.</summary>
    internal string PartialFilePath(string product, string name) => _services.Layout.PartialFile(product, AccountKey, name);

    /// <summary>
    /// This account's interrupted upload of that name, if there is one to resume: written to within the partial
    /// retention (hours for anonymous users); an older one is as good as gone, and retention deletes it.
    /// </summary>
    internal FileInfo? ResumablePartial(string product, string name)
    {
        var partial = new FileInfo(PartialFilePath(product, name));
        var oldest = _services.Time.GetUtcNow() - _services.Options.PartialRetentionFor(Principal.IsAnonymous);
        return partial.Exists && partial.LastWriteTimeUtc >= oldest ? partial : null;
    }

    internal void RecordDelivered(VirtualPath path, long size, DateTimeOffset completed) =>
        _delivered[path] = new NodeInfo(path, NodeKind.File, NodeAccess.None, size, completed);

    /// <summary>Logs the refusal of an upload with the session's properties and returns it.</summary>
    internal Refusal RefuseUpload(VirtualPath path, Refusal refusal)
    {
        UploadLog.Refused(_services.Logger, path.Value, refusal.Kind, refusal.Message, Principal.Name, Context.SessionId, Context.Site, Context.Protocol, Context.RemoteEndPoint);
        return refusal;
    }

    /// <summary>
    /// Takes the first free name whose claim succeeds: the check of a name and its claim are not one step, and another
    /// node (or session) may claim a name between them, so a name lost that way is passed over, not refused.
    /// </summary>
    private async ValueTask<Outcome<IUpload>> StartUniqueAsync(VirtualPath directory, string product, string? suggestion, CancellationToken cancellationToken)
    {
        foreach (var name in FreeNames(product, suggestion))
        {
            var request = new UploadRequest(directory.Child(name), UploadMode.Create);
            if (await FileUpload.StartAsync(this, request, product, name, unique: true, cancellationToken).ConfigureAwait(false) is { } begun)
            {
                return begun;
            }
        }

        return RefuseUpload(directory, NoFreeName(directory));
    }

    /// <summary>The names free for this account in <paramref name="product"/>: the suggestion (when a valid name), then numbered forms of it or of "upload".</summary>
    private IEnumerable<string> FreeNames(string product, string? suggestion)
    {
        var wanted = suggestion is not null && PathResolver.CheckName(suggestion) is null ? suggestion : null;
        if (wanted is not null && IsFree(product, wanted))
        {
            yield return wanted;
        }

        // The suffix goes before the last extension, so "12345.123.724.DUMP.ZIP" keeps its PMR prefix.
        var basis = wanted is not null && Encoding.UTF8.GetByteCount(wanted) <= PathResolver.MaxSegmentBytes - 16 ? wanted : "upload";
        var dot = basis.LastIndexOf('.');
        var (head, tail) = dot > 0 ? (basis[..dot], basis[dot..]) : (basis, "");
        for (var attempt = 1; attempt <= MaxUniqueNameAttempts; attempt++)
        {
            var name = $"{head}-{NameSuffix(attempt)}{tail}";
            if (IsFree(product, name))
            {
                yield return name;
            }
        }
    }

    private static Refusal NoFreeName(VirtualPath directory) =>
        new(RefusalKind.Unavailable, $"No free file name could be found in {directory}; choose a name.");

    /// <summary>Counts first; once many numbers are taken, random suffixes find a free name without scanning on.</summary>
    private static string NameSuffix(int attempt) =>
        attempt <= MaxUniqueNameAttempts / 2 ? attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) : Guid.NewGuid().ToString("N")[..12];

    private static Refusal NotFound(VirtualPath path) => new(RefusalKind.NotFound, $"{path}: no such file or directory.");

    private static Refusal IsADirectory(VirtualPath path) => new(RefusalKind.NotAFile, $"{path} is a directory, not a file.");

    private static Refusal WriteOnly(TreeLocation location) =>
        new(RefusalKind.PermissionDenied, $"{TreeNames.ToIbm}/{location.Product} is write-only: uploads are allowed, listing and reading are not.");

    /// <summary>Free for this account: never delivered, not being uploaded, no interrupted upload of that name waiting.</summary>
    private bool IsFree(string product, string name)
    {
        var target = DeliveredFile(product, name);
        var partial = PartialFilePath(product, name);
        return !File.Exists(target) && !Directory.Exists(target) && !_services.Registry.IsActive(target)
            && !File.Exists(partial) && !_services.Registry.IsActive(partial);
    }

    private Refusal UploadPlacementRefusal(VirtualPath path, TreeLocation location)
    {
        var hint = $"Uploads go into a product directory such as /{TreeNames.ToIbm}/{_services.ExampleProduct}.";
        return location.Kind switch
        {
            LocationKind.Root or LocationKind.ToIbm or LocationKind.FromIbm =>
                new Refusal(RefusalKind.NotAFile, $"{path} is a directory, not a file. {hint}"),
            LocationKind.Product =>
                new Refusal(RefusalKind.NotAFile, $"{path} is a directory; upload into it with a file name, e.g. {path}/<file>."),
            LocationKind.Readme =>
                new Refusal(RefusalKind.PermissionDenied, $"{path} is read-only. {hint}"),
            LocationKind.FromIbmEntry =>
                new Refusal(RefusalKind.PermissionDenied, $"/{TreeNames.FromIbm} is read-only: it holds files from IBM support. {hint}"),
            LocationKind.BelowProductFile =>
                new Refusal(RefusalKind.PermissionDenied, $"/{TreeNames.ToIbm}/{location.Product} has no subdirectories; upload the file directly into /{TreeNames.ToIbm}/{location.Product}."),
            _ when path.Segments.Count >= 3 && path.Segments[0] == TreeNames.ToIbm =>
                new Refusal(RefusalKind.PermissionDenied, $"/{TreeNames.ToIbm}/{path.Segments[1]} is not a product directory. {hint}"),
            _ => new Refusal(RefusalKind.PermissionDenied, $"{path.Parent} is not writable. {hint}"),
        };
    }

    private TreeLocation Locate(VirtualPath path) => TreeLocation.Classify(path, _services.Products, _options.ShowFromIbm);

    private NodeInfo VirtualDirectory(VirtualPath path, NodeAccess access) => new(path, NodeKind.Directory, access, 0, _services.Started);

    /// <summary>
    /// A write-only directory lists nothing but what this session delivered into it: clients such as rclone check an
    /// upload by listing its directory. Until the session delivered something there, listing is refused.
    /// </summary>
    private Outcome<IReadOnlyList<NodeInfo>> DeliveredHere(VirtualPath directory)
    {
        var nodes = _delivered.Values.Where(node => node.Path.Parent.Equals(directory)).OrderBy(node => node.Name, StringComparer.Ordinal).ToList();
        return nodes.Count > 0 ? Outcome<IReadOnlyList<NodeInfo>>.Success(nodes) : WriteOnly(Locate(directory));
    }

    /// <summary>The disk entry behind a /fromibm path, refusing links so nothing outside the account's folder is reachable.</summary>
    private FileSystemInfo? FromIbmEntry(VirtualPath path)
    {
        if (_fromIbmDirectory is null)
        {
            return null;
        }

        var current = _fromIbmDirectory;
        FileSystemInfo? entry = new DirectoryInfo(current);
        for (var i = 1; i < path.Segments.Count; i++)
        {
            if (entry is not DirectoryInfo)
            {
                return null;
            }

            current = Path.Combine(current, path.Segments[i]);
            entry = Directory.Exists(current) ? new DirectoryInfo(current) : File.Exists(current) ? new FileInfo(current) : null;
            if (entry is null || entry.LinkTarget is not null)
            {
                return null;
            }
        }

        return entry.Exists ? entry : null;
    }

    private NodeInfo? FromIbmNode(VirtualPath path) => FromIbmEntry(path) switch
    {
        DirectoryInfo directory => new NodeInfo(path, NodeKind.Directory, BrowsableDirectory, 0, directory.LastWriteTimeUtc),
        FileInfo file => new NodeInfo(path, NodeKind.File, NodeAccess.Read, file.Length, file.LastWriteTimeUtc),
        _ => null,
    };

    private Outcome<IReadOnlyList<NodeInfo>> ListFromIbm(VirtualPath directory)
    {
        if (directory.Segments.Count == 1 && (_fromIbmDirectory is null || !Directory.Exists(_fromIbmDirectory)))
        {
            return Outcome<IReadOnlyList<NodeInfo>>.Success([]);
        }

        var entry = FromIbmEntry(directory);
        if (entry is null)
        {
            return NotFound(directory);
        }

        if (entry is not DirectoryInfo folder)
        {
            return new Refusal(RefusalKind.NotADirectory, $"{directory} is a file, not a directory.");
        }

        try
        {
            var nodes = new List<NodeInfo>();
            foreach (var item in folder.EnumerateFileSystemInfos())
            {
                if (item.LinkTarget is not null || PathResolver.CheckName(item.Name) is not null)
                {
                    continue;
                }

                var path = directory.Child(item.Name);
                nodes.Add(item is FileInfo file
                    ? new NodeInfo(path, NodeKind.File, NodeAccess.Read, file.Length, file.LastWriteTimeUtc)
                    : new NodeInfo(path, NodeKind.Directory, BrowsableDirectory, 0, item.LastWriteTimeUtc));
            }

            nodes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return Outcome<IReadOnlyList<NodeInfo>>.Success(nodes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Refusal(RefusalKind.Unavailable, $"{directory} cannot be listed right now.");
        }
    }

    private Outcome<Stream> OpenFromIbm(VirtualPath file, long offset)
    {
        try
        {
            var entry = FromIbmEntry(file)!;
            var stream = new FileStream(entry.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            stream.Position = Math.Min(offset, stream.Length);
            return Outcome<Stream>.Success(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Refusal(RefusalKind.Unavailable, $"{file} cannot be read right now.");
        }
    }
}
