using EcurepServer.Core;
using EcurepServer.Core.Configuration;
using EcurepServer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Hosting;

public static class DropBoxRegistration
{
    /// <summary>
    /// Core's services, given the data directory and the accounts file as the registered <see cref="AppPaths"/> resolved
    /// them, so every path is made absolute in one place and Core reads none of the host's keys.
    /// </summary>
    public static IServiceCollection AddDropBox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEcurepCore(configuration);
        services.AddCatalog(configuration);
        services.AddOptions<DropBoxOptions>().Configure<AppPaths>((options, paths) => options.DataDirectory = paths.DataDirectory);
        services.AddOptions<AccountOptions>().Configure<AppPaths>((options, paths) => options.AccountsFile = paths.AccountsFile);
        services.AddOptions<TransferLogOptions>().Configure<AppPaths>((options, paths) => options.Path = paths.Resolve(options.Path));
        return services;
    }
}
