using EcurepServer.Core.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Catalog.Postgres;

public static class PostgresCatalogServiceCollectionExtensions
{
    /// <summary>The catalog on PostgreSQL (<c>Catalog:Provider</c> = <c>postgres</c>): every catalog interface of Core, over one connection pool.</summary>
    public static IServiceCollection AddPostgresCatalog(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(_ => new PostgresCatalogDatabase(connectionString));
        services.AddSingleton<ICatalogStore, PostgresCatalogStore>();
        services.AddSingleton<IReceiptCatalog, PostgresReceiptCatalog>();
        services.AddSingleton<IUploadOwnership, PostgresUploadOwnership>();
        services.AddSingleton<ICatalogLocks, PostgresCatalogLocks>();
        services.AddSingleton<IBanCatalog, PostgresBanCatalog>();
        services.AddSingleton<IAccountCatalog, PostgresAccountCatalog>();
        services.AddSingleton<IEventCatalog, PostgresEventCatalog>();
        services.AddSingleton<IFaultCatalog, PostgresFaultCatalog>();
        services.AddSingleton<ISessionCatalog, PostgresSessionCatalog>();
        return services;
    }
}
