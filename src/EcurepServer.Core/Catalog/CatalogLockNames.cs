namespace EcurepServer.Core.Catalog;

/// <summary>The names of the catalog's locks.</summary>
public static class CatalogLockNames
{
    /// <summary>Held by the node that runs a retention sweep: one sweep at a time across the nodes.</summary>
    public const string Retention = "retention";
}
