namespace EcurepServer.Core.Catalog;

/// <summary>
/// The catalog's database as a whole: which provider, where (never with a secret), its schema and the one-time import.
/// The schema is an ordered list of migrations per provider (<see cref="Migrations"/>); the database records the
/// version it is at in a <c>schema_version</c> table, and <see cref="MigrateAsync"/> applies the ones after it, each
/// in one transaction, so running it again changes nothing.
/// </summary>
public interface ICatalogStore
{
    /// <summary>The provider's name as <c>Catalog:Provider</c> gives it: <c>sqlite</c>, <c>postgres</c>.</summary>
    string Provider { get; }

    /// <summary>Where the catalog is, for logs and the CLI: a file path, or a host and database without a password.</summary>
    string Location { get; }

    /// <summary>The provider's migrations in the order they apply; versions count up from 1.</summary>
    IReadOnlyList<CatalogMigration> Migrations { get; }

    /// <summary>The version the database is at: 0 when no migration has run.</summary>
    ValueTask<int> SchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>Applies every migration after the database's version, in order; returns those it applied (none when up to date).</summary>
    ValueTask<IReadOnlyList<CatalogMigration>> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>True when an import from <paramref name="source"/> has been committed.</summary>
    ValueTask<bool> IsImportedAsync(string source, CancellationToken cancellationToken);

    /// <summary>
    /// Imports <paramref name="import"/> in one transaction together with the mark that <see cref="CatalogImport.Source"/>
    /// is imported; false (and nothing changed) when it was imported before. Receipts already in the catalog (same id)
    /// and accounts that exist are kept as they are.
    /// </summary>
    ValueTask<bool> ImportAsync(CatalogImport import, CancellationToken cancellationToken);
}
