using System.Diagnostics.Metrics;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Events;
using EcurepServer.Core.Faults;
using EcurepServer.Core.FromIbm;
using EcurepServer.Core.Metrics;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Retention;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the drop box, accounts, login policy, receipts, transcripts and retention, bound from the <c>EcurepServer</c> section of
    /// <paramref name="configuration"/> (the root configuration). Options are validated when the host starts. Core reads
    /// no path of its own: the caller configures <see cref="DropBoxOptions.DataDirectory"/> and
    /// <see cref="AccountOptions.AccountsFile"/> with absolute paths. The caller also registers a catalog provider
    /// (<see cref="Catalog.ICatalogStore"/>, <see cref="Catalog.IReceiptCatalog"/>, <see cref="Catalog.IUploadOwnership"/>,
    /// <see cref="Catalog.ICatalogLocks"/>, <see cref="Catalog.IAccountCatalog"/>) and runs <see cref="Catalog.CatalogStartup"/> before the drop box is used.
    /// </summary>
    public static IServiceCollection AddEcurepCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<DropBoxOptions>().Bind(configuration.GetSection(DropBoxOptions.SectionName)).ValidateOnStart();
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection(AccountOptions.SectionName)).ValidateOnStart();
        services.AddOptions<SitePolicyOptions>().Bind(configuration.GetSection(SitePolicyOptions.SectionName));
        services.AddOptions<TranscriptOptions>().Bind(configuration.GetSection(TranscriptOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DropBoxOptions>, DropBoxOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>());
        services.AddOptions<FaultOptions>().Bind(configuration.GetSection(FaultOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FaultOptions>, FaultOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TranscriptOptions>, TranscriptOptionsValidator>());
        services.AddOptions<DefenderOptions>().Bind(configuration.GetSection(DefenderOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DefenderOptions>, DefenderOptionsValidator>());
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventOptions>, EventOptionsValidator>());
        services.AddOptions<TransferLogOptions>().Bind(configuration.GetSection(TransferLogOptions.SectionName));
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>());
        services.AddOptions<ReceiptOptions>().Bind(configuration.GetSection(ReceiptOptions.SectionName));
        services.TryAddSingleton<Catalog.CatalogNode>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISitePolicy, ConfiguredSitePolicy>();
        services.TryAddSingleton(sp => new PasswordHasher(sp.GetRequiredService<IOptions<AccountOptions>>()));
        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton(sp => new ClientDefender(
            sp.GetRequiredService<IOptions<DefenderOptions>>(),
            sp.GetRequiredService<IOptions<DropBoxOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ClientDefender>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetService<Catalog.IBanCatalog>(),
            sp.GetService<IOptions<CatalogOptions>>()));
        services.TryAddSingleton<ILoginService, LoginService>();
        services.TryAddSingleton<IReceiptStore>(sp => sp.GetRequiredService<Catalog.IReceiptCatalog>());
        services.TryAddSingleton<Catalog.CatalogStartup>();
        services.TryAddSingleton<Catalog.ClaimedUploads>();
        services.TryAddSingleton<Catalog.SessionsElsewhere>();
        services.TryAddSingleton(sp => new Catalog.DropBoxCatalog(
            sp.GetRequiredService<Catalog.IUploadOwnership>(),
            sp.GetRequiredService<Catalog.CatalogNode>(),
            sp.GetRequiredService<IOptions<CatalogOptions>>().Value.LeaseDuration,
            sp.GetRequiredService<IOptions<ReceiptOptions>>().Value.ExportPath is { Length: > 0 } export
                ? new JsonLinesReceiptStore(export, sp.GetService<ILogger<JsonLinesReceiptStore>>())
                : null));
        services.TryAddSingleton<RetentionSweeper>();
        services.TryAddSingleton<TranscriptWriter>();
        services.TryAddSingleton<FromIbmFiles>();
        services.TryAddSingleton(sp => FaultRegistryFrom(sp));
        services.TryAddSingleton<IFaultInjector>(sp => sp.GetRequiredService<FaultRegistry>());
        services.TryAddSingleton(sp => new DropBoxMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new EventOutbox(
            sp.GetRequiredService<Catalog.IEventCatalog>(),
            sp.GetRequiredService<IOptions<EventOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new TransferLog(sp.GetRequiredService<IOptions<TransferLogOptions>>().Value.Path, sp.GetRequiredService<ILogger<TransferLog>>()));
        services.TryAddSingleton(sp => new DropBox(
            sp.GetRequiredService<IOptions<DropBoxOptions>>(),
            sp.GetRequiredService<IReceiptStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DropBox>>(),
            sp.GetRequiredService<AccountStore>(),
            sp.GetRequiredService<DropBoxMetrics>(),
            sp.GetRequiredService<EventOutbox>(),
            sp.GetRequiredService<TransferLog>(),
            sp.GetRequiredService<Catalog.DropBoxCatalog>()));
        services.TryAddSingleton<IDropBox>(sp => sp.GetRequiredService<DropBox>());
        services.TryAddSingleton<Catalog.UploadCatalog>();
        services.TryAddSingleton<Maintenance.DropBoxReset>();
        return services;
    }

    /// <summary>The registry over the catalog's shared rules, with the configured rules (this node's own) in force from start.</summary>
    private static FaultRegistry FaultRegistryFrom(IServiceProvider services)
    {
        var registry = new FaultRegistry(
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<FaultRegistry>>(),
            services.GetService<Catalog.IFaultCatalog>(),
            services.GetService<IOptions<CatalogOptions>>()?.Value.PollInterval);
        var errors = new List<string>();
        foreach (var rule in services.GetRequiredService<IOptions<FaultOptions>>().Value.ToRules(errors))
        {
            registry.AddLocal(rule);
        }

        return registry;
    }
}
