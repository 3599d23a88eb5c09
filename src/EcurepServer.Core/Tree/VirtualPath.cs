namespace EcurepServer.Core.Tree;

/// <summary>
/// A normalised absolute path in the virtual tree ("/", "/toibm/aix/file.zip"). Only <see cref="PathResolver"/>
/// creates them from client input, so a value of this type can never leave the tree.
/// </summary>
public sealed class VirtualPath : IEquatable<VirtualPath>
{
    public static readonly VirtualPath Root = new([]);

    private VirtualPath(IReadOnlyList<string> segments)
    {
        Segments = segments;
        Value = "/" + string.Join('/', segments);
    }

    public IReadOnlyList<string> Segments { get; }

    public string Value { get; }

    public bool IsRoot => Segments.Count == 0;

    public string Name => IsRoot ? "/" : Segments[^1];

    public VirtualPath Parent => IsRoot ? this : new VirtualPath(Segments.Take(Segments.Count - 1).ToArray());

    /// <summary>For segments already checked by the resolver.</summary>
    internal static VirtualPath FromSegments(IReadOnlyList<string> segments) => new(segments);

    /// <summary>For a name already checked by <see cref="PathResolver.CheckName"/>.</summary>
    internal VirtualPath Child(string name) => new([.. Segments, name]);

    public bool Equals(VirtualPath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as VirtualPath);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}
