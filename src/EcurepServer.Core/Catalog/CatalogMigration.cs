namespace EcurepServer.Core.Catalog;

/// <summary>One step of a provider's schema: its version (1, 2, ...), what it does, and the SQL script that does it.</summary>
public sealed record CatalogMigration(int Version, string Description, string Sql);
