using System.Diagnostics.Metrics;
using EcurepServer.Certificates;
using EcurepServer.Events;
using EcurepServer.Ftp.Data;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Hosting.Ssh;
using EcurepServer.Logging;
using EcurepServer.Management;
using EcurepServer.Metrics;
using EcurepServer.Settings;
using EcurepServer.Sftp;
using EcurepServer.Transcripts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EcurepServer.Hosting;

/// <summary>Builds the generic host: configuration, Serilog, validated options, retention and one hosted service per site listener.</summary>
public static class EcurepHost
{
    /// <summary>Time left after the grace period to close sockets and flush logs before the host gives up.</summary>
    private static readonly TimeSpan CloseMargin = TimeSpan.FromSeconds(5);

    public static IHost Build(string workingDirectory, IReadOnlyList<string> overrides) => CreateBuilder(workingDirectory, overrides).Build();

    /// <summary>The host's configuration and services, not built yet, so they can be inspected first.</summary>
    /// <exception cref="ConfigurationException">The settings file is missing, unreadable or not valid JSON.</exception>
    public static HostApplicationBuilder CreateBuilder(string workingDirectory, IReadOnlyList<string> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // The defaults would read appsettings.json from the content root; ours lives in config/.
            DisableDefaults = true,
            ApplicationName = "EcurepServer",
            ContentRootPath = workingDirectory,
        });
        AppConfiguration.AddSources(builder.Configuration, workingDirectory, overrides);
        SerilogSetup.Add(builder.Services, builder.Configuration);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EcurepServerOptions>()
            .Configure(options => AppConfiguration.Bind(builder.Configuration, workingDirectory, options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EcurepServerOptions>>(new EcurepServerOptionsValidator(workingDirectory));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EcurepServerOptions>>().Value);
        services.AddSingleton(sp => new AppPaths(workingDirectory, sp.GetRequiredService<EcurepServerOptions>()));
        services.AddSingleton<FtpsCertificateProvider>();
        services.AddSingleton<PassivePortPools>();
        services.AddDropBox(builder.Configuration);
        services.AddEcurepSftp(builder.Configuration);
        services.AddSingleton<SshHostKeyProvider>();
        services.AddMetrics();
        services.AddSingleton(sp => new SessionMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new ConnectionMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new MetricsCollector(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<EcurepServerOptions>().Management.Enabled));
        services.AddSingleton<ServerGauges>();
        services.AddSingleton<LiveSessions>();
        services.AddSingleton<SiteTranscripts>();
        services.AddHostedService<CatalogService>();
        services.AddHostedService<ConnectedSessionsService>();
        services.AddHostedService<DemoAccount>();
        services.AddHostedService<RetentionService>();
        services.AddSingleton<EventLog>();
        EventHttpClient.Add(services);
        services.AddHostedService<EventDispatcher>();
        services.AddOptions<HostOptions>().Configure<IOptions<EcurepServerOptions>>((host, options) =>
        {
            host.ShutdownTimeout = options.Value.ShutdownGracePeriod + CloseMargin;

            // Each site waits out the grace period at the same time, not one after the other.
            host.ServicesStopConcurrently = true;
        });
        foreach (var site in builder.Configuration.GetSection($"{EcurepServerOptions.SectionName}:Sites").GetChildren())
        {
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<FtpsSiteService>(sp, site.Key));
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<SftpSiteService>(sp, site.Key));
        }

        services.AddHostedService<CredentialReloadService>();
        services.AddSingleton<SiteListeners>();
        services.AddSingleton<ServerFacts>();
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<ManagementService>();
        services.AddHostedService(sp => sp.GetRequiredService<ManagementService>());
        services.AddHostedService<ReadyFileService>();

        // Under systemd (Type=notify) the host tells it when it is ready and stopping; elsewhere this does nothing.
        services.AddSystemd();

        return builder;
    }
}
