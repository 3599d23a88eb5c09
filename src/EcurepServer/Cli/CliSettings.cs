using EcurepServer.Hosting;
using EcurepServer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Core's services (account store, receipt store) as the server would build them, without logging output.</summary>
    public ServiceProvider DropBoxServices() =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(Paths)
            .AddDropBox(Configuration)
            .BuildServiceProvider();
}
