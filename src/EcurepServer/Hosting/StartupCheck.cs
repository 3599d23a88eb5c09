using System.Security.Cryptography;
using System.Text.Json;
using EcurepServer.Certificates;
using EcurepServer.Core.Accounts;
using EcurepServer.Hosting.Ssh;
using EcurepServer.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Hosting;

/// <summary>
/// Everything a start checks before it opens a port, and all that "config check" does: the settings file reads, every
/// value converts, the options pass their validators, and the accounts file and the certificate and host key files
/// load. Each problem is one line naming the key or file; unknown keys are collected for a warning. The host is built
/// but not started.
/// </summary>
public sealed class StartupCheck : IDisposable
{
    private const string Root = EcurepServerOptions.SectionName;

    private StartupCheck(IHost? host, IReadOnlyList<string> problems, ConfigurationInspection? inspection, ConfigurationSchema? schema)
    {
        Host = host;
        Problems = problems;
        UnknownKeys = inspection?.UnknownKeys ?? [];
        RenamedKeys = inspection?.RenamedKeys ?? [];
        Schema = schema;
    }

    /// <summary>The host, built and not started; null when the configuration could not be bound.</summary>
    public IHost? Host { get; }

    public IReadOnlyList<string> Problems { get; }

    public IReadOnlyList<UnknownConfigurationKey> UnknownKeys { get; }

    /// <summary>Keys given under a former name; they apply, with a warning.</summary>
    public IReadOnlyList<RenamedConfigurationKey> RenamedKeys { get; }

    public ConfigurationSchema? Schema { get; }

    public bool Passed => Problems.Count == 0;

    public static async Task<StartupCheck> RunAsync(string root, IReadOnlyList<string> overrides, StartupCheckMode mode, CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder;
        try
        {
            builder = EcurepHost.CreateBuilder(root, overrides);
        }
        catch (ConfigurationException exception)
        {
            return new StartupCheck(null, exception.Problems, null, null);
        }

        var schema = ConfigurationSchema.For(builder.Services);
        var inspection = ConfigurationInspection.Of(builder.Configuration, schema);
        if (inspection.Problems.Count > 0)
        {
            return new StartupCheck(null, inspection.Problems, inspection, schema);
        }

        if (mode == StartupCheckMode.CheckOnly)
        {
            builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        }

        var host = builder.Build();
        var problems = ValidateOptions(host.Services);
        if (problems.Count == 0)
        {
            problems = await CheckFilesAsync(host.Services, mode, cancellationToken);
        }

        return new StartupCheck(host, problems, inspection, schema);
    }

    public void Dispose() => Host?.Dispose();

    /// <summary>
    /// The validators a start runs (every options class registered with ValidateOnStart). Core's options take their paths
    /// from the host's, so the host's failures reach them too; each is reported once.
    /// </summary>
    private static List<string> ValidateOptions(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return [.. exception.Failures];
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            return [.. exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures).Distinct(StringComparer.Ordinal)];
        }
    }

    private static async Task<List<string>> CheckFilesAsync(IServiceProvider services, StartupCheckMode mode, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (await AccountsFileProblemAsync(services.GetRequiredService<AppPaths>().AccountsFile, cancellationToken) is { } accounts)
        {
            problems.Add(accounts);
        }

        var options = services.GetRequiredService<EcurepServerOptions>();
        var paths = services.GetRequiredService<AppPaths>();
        var certificates = services.GetRequiredService<FtpsCertificateProvider>();
        var generatedExists = File.Exists(certificates.GeneratedCertificatePath) && File.Exists(certificates.GeneratedKeyPath);
        foreach (var (siteName, site) in options.Sites.Where(s => s.Value.Ftps.Enabled || s.Value.LegacyPlain.Enabled))
        {
            var missing = MissingCertificateFiles(siteName, site.Ftps.Certificate, paths);
            problems.AddRange(missing);
            if (missing.Count == 0 && (mode == StartupCheckMode.Start || site.Ftps.Certificate.IsConfigured || generatedExists))
            {
                try
                {
                    certificates.ForSite(siteName);
                }
                catch (InvalidOperationException exception)
                {
                    problems.Add(exception.Message);
                }
            }
        }

        if (mode == StartupCheckMode.CheckOnly)
        {
            problems.AddRange(ListenerPortProbe.Problems(options));
        }

        if (mode == StartupCheckMode.Start && options.Sites.Values.Any(site => site.Ssh.Enabled))
        {
            try
            {
                _ = services.GetRequiredService<SshHostKeyProvider>().Keys;
            }
            catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
            {
                problems.Add($"{Root}:CertificateDirectory: {exception.Message}");
            }
        }

        return [.. problems.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The certificate loader reports a missing file as a bare cryptographic error; name the file instead.</summary>
    private static List<string> MissingCertificateFiles(string siteName, CertificateOptions certificate, AppPaths paths)
    {
        var key = $"{Root}:Sites:{siteName}:Ftps:Certificate";
        (string Name, string? Path)[] files = certificate.UsesPfx
            ? [("Pfx", certificate.Pfx)]
            : [("PemCertificate", certificate.PemCertificate), ("PemKey", certificate.PemKey)];
        return [.. files
            .Where(file => !string.IsNullOrWhiteSpace(file.Path) && !File.Exists(paths.Resolve(file.Path)))
            .Select(file => $"{key}:{file.Name}: {paths.Resolve(file.Path!)} does not exist.")];
    }

    /// <summary>An accounts file of an earlier release is imported into the catalog at start; a broken one stops the start before anything else.</summary>
    private static async Task<string?> AccountsFileProblemAsync(string accountsFile, CancellationToken cancellationToken)
    {
        try
        {
            await AccountsFile.ReadAsync(accountsFile, cancellationToken);
            return null;
        }
        catch (InvalidDataException exception) when (exception.InnerException is JsonException json)
        {
            var problem = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? $"line {json.LineNumber + 1 ?? 1}, column {json.BytePositionInLine + 1 ?? 1}: expected an object with an \"accounts\" list of entries with \"id\" and \"passwordHash\", as earlier releases wrote it."
                : JsonProblem.Describe(json);
            return $"{Root}:AccountsFile {accountsFile}: {problem}";
        }
        catch (InvalidDataException exception)
        {
            return $"{Root}:AccountsFile {exception.Message}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"{Root}:AccountsFile {accountsFile}: cannot be read: {exception.Message}";
        }
    }
}
