using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcurepServer.Catalog.Sqlite;

public static class SqliteCatalogServiceCollectionExtensions
{
    /// <summary>
    /// The SQLite catalog as every catalog interface of Core, in <see cref="CatalogOptions.Path"/> (the host makes it
    /// absolute; empty: <c>catalog.db</c> in the data directory).
    /// </summary>
    public static IServiceCollection AddSqliteCatalog(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<IOptions<CatalogOptions>>().Value;
            return new SqliteCatalogDatabase(SqliteCatalog.PathOf(catalog, sp.GetRequiredService<IOptions<DropBoxOptions>>().Value), catalog.BusyTimeout);
        });
        services.AddSingleton<ICatalogStore>(sp => new SqliteCatalogStore(sp.GetRequiredService<SqliteCatalogDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReceiptCatalog>(sp => new SqliteReceiptCatalog(sp.GetRequiredService<SqliteCatalogDatabase>()));
        services.AddSingleton<IUploadOwnership>(sp => new SqliteUploadOwnership(sp.GetRequiredService<SqliteCatalogDatabase>()));
        services.AddSingleton<ICatalogLocks>(sp => new SqliteCatalogLocks(sp.GetRequiredService<SqliteCatalogDatabase>()));
        services.AddSingleton<IBanCatalog>(sp => new SqliteBanCatalog(sp.GetRequiredService<SqliteCatalogDatabase>()));
        services.AddSingleton<IEventCatalog>(sp => new SqliteEventCatalog(sp.GetRequiredService<SqliteCatalogDatabase>()));
        services.AddSingleton<IFaultCatalog>(sp => new SqliteFaultCatalog(sp.GetRequiredService<SqliteCatalogDatabase>()));
        services.AddSingleton<IAccountCatalog>(sp => new SqliteAccountCatalog(sp.GetRequiredService<SqliteCatalogDatabase>()));
        services.AddSingleton<ISessionCatalog>(sp => new SqliteSessionCatalog(sp.GetRequiredService<SqliteCatalogDatabase>()));
        return services;
    }
}
