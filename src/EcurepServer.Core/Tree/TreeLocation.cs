namespace EcurepServer.Core.Tree;

internal enum LocationKind
{
    Root,
    ToIbm,
    Readme,
    Product,
    ProductFile,
    BelowProductFile,
    FromIbm,
    FromIbmEntry,
    Unknown,
}

/// <summary>Where a path falls in the virtual tree; the rules for each kind live in the session.</summary>
internal readonly record struct TreeLocation(LocationKind Kind, string? Product = null, string? FileName = null)
{
    public static TreeLocation Classify(VirtualPath path, IReadOnlySet<string> products, bool showFromIbm)
    {
        var segments = path.Segments;
        if (segments.Count == 0)
        {
            return new(LocationKind.Root);
        }

        if (segments[0] == TreeNames.ToIbm)
        {
            if (segments.Count == 1)
            {
                return new(LocationKind.ToIbm);
            }

            var product = segments[1];
            if (!products.Contains(product))
            {
                return segments.Count == 2 && product == TreeNames.Readme ? new(LocationKind.Readme) : new(LocationKind.Unknown);
            }

            return segments.Count switch
            {
                2 => new(LocationKind.Product, product),
                3 => new(LocationKind.ProductFile, product, segments[2]),
                _ => new(LocationKind.BelowProductFile, product),
            };
        }

        if (segments[0] == TreeNames.FromIbm && showFromIbm)
        {
            return segments.Count == 1 ? new(LocationKind.FromIbm) : new(LocationKind.FromIbmEntry);
        }

        return new(LocationKind.Unknown);
    }
}
