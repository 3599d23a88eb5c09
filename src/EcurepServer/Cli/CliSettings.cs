using EcurepServer.Hosting;
using EcurepServer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>The configuration a management verb sees: the same sources and paths as "run".</summary>
public sealed record CliSettings(IConfiguration Configuration, EcurepServerOptions Options, AppPaths Paths)
{
    public static CliSettings Load(CliContext context, IReadOnlyList<string> overrides)
    {
        var configuration = AppConfiguration.Build(context.WorkingDirectory, overrides);
        var options = AppConfiguration.BindOptions(configuration);
        return new CliSettings(configuration, options, new AppPaths(context.WorkingDirectory, options));
    }

    /// <summary>Core's services (account store, receipt store) as the server would build them, without logging output.</summary>
    public ServiceProvider DropBoxServices() =>
        new ServiceCollection()
            .AddLogging()
            .AddDropBox(Configuration, Paths.WorkingDirectory)
            .BuildServiceProvider();
}
