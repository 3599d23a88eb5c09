using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Formatting.Compact;
using Serilog.Settings.Configuration;

namespace EcurepServer.Logging;

/// <summary>
/// Serilog from the "Serilog" configuration section, with logging scopes (SessionId, Site, Protocol, User, RemoteEndPoint)
/// as properties, and every text value escaped for every sink (<see cref="ClientTextEnricher"/>).
/// </summary>
public static class SerilogSetup
{
    /// <summary>Named explicitly so the sinks are found without scanning the dependency context (test hosts, single-file builds).</summary>
    private static readonly ConfigurationReaderOptions ReaderOptions = new(
        typeof(ConsoleLoggerConfigurationExtensions).Assembly,
        typeof(FileLoggerConfigurationExtensions).Assembly,
        typeof(CompactJsonFormatter).Assembly);

    public static void Add(IServiceCollection services, IConfiguration configuration) =>
        services.AddSerilog(
            (_, logger) => logger.ReadFrom.Configuration(configuration, ReaderOptions).Enrich.FromLogContext().Enrich.With<ClientTextEnricher>(),
            preserveStaticLogger: true);
}
