using EcurepServer.Core;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Hosting;

public static class DropBoxRegistration
{
    /// <summary>Core's services, with its relative paths anchored to the working directory rather than the process directory.</summary>
    public static IServiceCollection AddDropBox(this IServiceCollection services, IConfiguration configuration, string workingDirectory)
    {
        services.AddEcurepCore(configuration);
        services.PostConfigure<DropBoxOptions>(options => options.DataDirectory = Anchor(options.DataDirectory, workingDirectory));
        services.PostConfigure<AccountOptions>(options => options.AccountsFile = Anchor(options.AccountsFile, workingDirectory));
        return services;
    }

    /// <summary>Empty stays empty so Core's validation reports the missing key.</summary>
    private static string Anchor(string path, string workingDirectory) =>
        string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path, workingDirectory);
}
