using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Hosting;
using EcurepServer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
