using EcurepServer.Catalog.Postgres;
using EcurepServer.Catalog.Sqlite;
using EcurepServer.Core.Configuration;
using EcurepServer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Hosting;

public static class CatalogRegistration
{
    /// <summary>The catalog provider <c>Catalog:Provider</c> names, with its file made absolute; an unknown name is a configuration error naming the key.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        var key = $"{CatalogOptions.SectionName}:{nameof(CatalogOptions.Provider)}";
        var provider = ProviderOf(configuration);
        switch (provider.ToLowerInvariant())
        {
            case CatalogOptions.Sqlite:
                services.AddSqliteCatalog();
                break;
            case PostgresCatalogStore.ProviderName:
                var connectionKey = $"{CatalogOptions.SectionName}:{nameof(CatalogOptions.ConnectionString)}";
                services.AddPostgresCatalog(configuration[connectionKey] is { Length: > 0 } connectionString
                    ? connectionString
                    : throw new ConfigurationException($"{connectionKey}: required with {key} \"{PostgresCatalogStore.ProviderName}\" (or the environment variable EcurepServer__Catalog__ConnectionString)."));
                break;
            default:
                throw new ConfigurationException($"{key}: \"{provider}\" is not a catalog provider; use \"{CatalogOptions.Sqlite}\" or \"{PostgresCatalogStore.ProviderName}\".");
        }

        services.AddOptions<CatalogOptions>().Configure<AppPaths>((options, paths) => options.Path = paths.Resolve(options.Path));
        services.AddOptions<ReceiptOptions>().Configure<AppPaths>((options, paths) => options.ExportPath = paths.Resolve(options.ExportPath));
        return services;
    }

    /// <summary>The provider <c>Catalog:Provider</c> names as written (the default: <see cref="CatalogOptions.Sqlite"/>).</summary>
    public static string ProviderOf(IConfiguration configuration) =>
        configuration[$"{CatalogOptions.SectionName}:{nameof(CatalogOptions.Provider)}"] is { Length: > 0 } configured ? configured : CatalogOptions.Sqlite;

    /// <summary>Whether <c>Catalog:Provider</c> names the SQLite catalog (the default).</summary>
    public static bool IsSqlite(IConfiguration configuration) =>
        string.Equals(ProviderOf(configuration), CatalogOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
}
