using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;
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
            (_, logger) => logger.ReadFrom.Configuration(configuration, ReaderOptions).Enrich.FromLogContext().Enrich.With<ClientTextEnricher>()
                .Filter.ByExcluding(IsHostStartFailure),
            preserveStaticLogger: true);

    /// <summary>
    /// The generic host logs a failed start with the whole stack trace; "run" reports the same failure in one line
    /// naming the key, and logs the exception at Debug.
    /// </summary>
    private static bool IsHostStartFailure(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var eventId)
        && eventId is StructureValue structure
        && structure.Properties.Any(property => property.Name == "Name" && property.Value is ScalarValue { Value: "HostedServiceStartupFaulted" });
}
