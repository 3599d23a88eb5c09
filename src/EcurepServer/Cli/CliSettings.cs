using EcurepServer.Catalog.Sqlite;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Hosting;
using EcurepServer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OptionsOf = Microsoft.Extensions.Options.Options;

namespace EcurepServer.Cli;

/// <summary>The configuration a management verb sees: the same sources, paths and value checks as "run".</summary>
public sealed record CliSettings(IConfiguration Configuration, EcurepServerOptions Options, AppPaths Paths)
{
    /// <exception cref="ConfigurationException">The settings file cannot be read or a value cannot be converted.</exception>
    public static CliSettings Load(CliContext context, IReadOnlyList<string> overrides)
    {
        var builder = EcurepHost.CreateBuilder(context.WorkingDirectory, overrides);
        ConfigurationInspection.Of(builder.Configuration, ConfigurationSchema.For(builder.Services)).ThrowIfInvalid();
        var options = AppConfiguration.BindOptions(builder.Configuration, context.WorkingDirectory);
        return new CliSettings(builder.Configuration, options, new AppPaths(context.WorkingDirectory, options));
    }

    /// <summary>
    /// The configuration from the same sources as <see cref="Load"/>, without building the server's host (its logging,
    /// listeners, sites and the whole-configuration inspection): for verbs that only read the catalog and must answer
    /// at once. Of the host's options only the data directory is read; the catalog's own are checked by
    /// <see cref="CatalogServicesAsync"/>.
    /// </summary>
    /// <exception cref="ConfigurationException">The settings file cannot be read.</exception>
    public static CliSettings LoadForCatalog(CliContext context, IReadOnlyList<string> overrides)
    {
        var configuration = AppConfiguration.Build(context.WorkingDirectory, overrides);
        var options = new EcurepServerOptions();
        if (configuration[$"{EcurepServerOptions.SectionName}:{nameof(EcurepServerOptions.DataDirectory)}"] is { } dataDirectory)
        {
            options.DataDirectory = dataDirectory;
        }

        return new CliSettings(configuration, options, new AppPaths(context.WorkingDirectory, options));
    }

    /// <summary>Core's services (account store, receipt store) as the server would build them, without logging output.</summary>
    public ServiceProvider DropBoxServices() =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(Paths)
            .AddDropBox(Configuration)
            .BuildServiceProvider();

    /// <summary>
    /// The catalog for a verb that only reads it, checked and made ready as <see cref="CatalogServicesAsync"/> does.
    /// The SQLite catalog (the default) is opened without a service container, which the verb would spend longer
    /// building than reading; another provider is opened through one, as the server opens it.
    /// </summary>
    /// <exception cref="OptionsValidationException">The drop box or catalog settings are not usable.</exception>
    public async Task<CliCatalog> OpenCatalogAsync(CancellationToken cancellationToken)
    {
        if (!CatalogRegistration.IsSqlite(Configuration))
        {
            return await OpenThroughContainerAsync(cancellationToken).ConfigureAwait(false);
        }

        // Bound, completed and checked in the order the options of CatalogServicesAsync are.
        var dropBox = new DropBoxOptions();
        Configuration.GetSection(DropBoxOptions.SectionName).Bind(dropBox);
        dropBox.DataDirectory = Paths.DataDirectory;
        ThrowIfFailed(new DropBoxOptionsValidator().Validate(OptionsOf.DefaultName, dropBox), dropBox);
        var catalogOptions = new CatalogOptions();
        Configuration.GetSection(CatalogOptions.SectionName).Bind(catalogOptions);
        catalogOptions.Path = Paths.Resolve(catalogOptions.Path);
        ThrowIfFailed(new CatalogOptionsValidator().Validate(OptionsOf.DefaultName, catalogOptions), catalogOptions);

        var catalog = SqliteCatalog.Open(catalogOptions, dropBox, TimeProvider.System);
        var dropBoxOptions = OptionsOf.Create(dropBox);
        var startup = new CatalogStartup(catalog.Store, catalog.Events, dropBoxOptions, OptionsOf.Create(new AccountOptions()), NullLogger<CatalogStartup>.Instance);
        await startup.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return new CliCatalog(
            new UploadCatalog(catalog.Receipts, dropBoxOptions, OptionsOf.Create(catalogOptions)),
            () => new ClaimedUploads(catalog.Ownership, dropBoxOptions, TimeProvider.System, new CatalogNode()),
            null);
    }

    /// <summary>Apart from <see cref="OpenCatalogAsync"/>, so that the SQLite path never loads the container's assemblies.</summary>
    private async Task<CliCatalog> OpenThroughContainerAsync(CancellationToken cancellationToken)
    {
        var services = await CatalogServicesAsync(cancellationToken).ConfigureAwait(false);
        return new CliCatalog(services.GetRequiredService<UploadCatalog>(), services.GetRequiredService<ClaimedUploads>, services);
    }

    private static void ThrowIfFailed<TOptions>(ValidateOptionsResult result, TOptions options)
    {
        if (result.Failed)
        {
            throw new OptionsValidationException(OptionsOf.DefaultName, typeof(TOptions), result.Failures);
        }
    }

    /// <summary>
    /// The catalog alone, as the server would open it, after checking the drop box and catalog settings it depends on
    /// (each problem names its key); the catalog is made ready (migrated, imported) before it is returned.
    /// </summary>
    /// <exception cref="OptionsValidationException">The drop box or catalog settings are not usable.</exception>
    public async Task<ServiceProvider> CatalogServicesAsync(CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Paths)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<CatalogNode>();
        services.AddOptions<DropBoxOptions>().Bind(Configuration.GetSection(DropBoxOptions.SectionName))
            .Configure<AppPaths>((options, paths) => options.DataDirectory = paths.DataDirectory);
        services.AddOptions<CatalogOptions>().Bind(Configuration.GetSection(CatalogOptions.SectionName));
        services.AddSingleton<IValidateOptions<DropBoxOptions>, DropBoxOptionsValidator>();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();
        services.AddCatalog(Configuration);
        services.AddSingleton<CatalogStartup>();
        services.AddSingleton<UploadCatalog>();
        services.AddSingleton<ClaimedUploads>();
        var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<DropBoxOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<CatalogOptions>>().Value;
            await provider.GetRequiredService<CatalogStartup>().EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
