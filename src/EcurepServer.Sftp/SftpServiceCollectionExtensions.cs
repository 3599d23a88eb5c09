using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Sftp;

public static class SftpServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SftpSubsystem"/> with <see cref="SftpOptions"/> bound from <c>EcurepServer:Sftp</c> of the
    /// root <paramref name="configuration"/>.
    /// </summary>
    public static IServiceCollection AddEcurepSftp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SftpOptions>()
            .Bind(configuration.GetSection(SftpOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SftpOptions>, SftpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SftpSubsystem>();
        return services;
    }
}

public sealed class SftpOptionsValidator : IValidateOptions<SftpOptions>
{
    public ValidateOptionsResult Validate(string? name, SftpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
