using System.Text.Json;
using EcurepServer.Dialects;
using Microsoft.Extensions.Configuration;

namespace EcurepServer.Settings;

/// <summary>
/// Where configuration comes from, last wins: config/appsettings.json under the working directory, environment
/// variables ("EcurepServer__Sites__Europe__Ftps__Port"), then command-line overrides ("--EcurepServer:DataDirectory=x").
/// </summary>
public static class AppConfiguration
{
    public static readonly string SettingsFile = Path.Combine("config", "appsettings.json");

    public static ConfigurationManager Build(string workingDirectory, IReadOnlyList<string> overrides)
    {
        var configuration = new ConfigurationManager();
        AddSources(configuration, workingDirectory, overrides);
        return configuration;
    }

    /// <exception cref="ConfigurationException">The settings file is missing, unreadable or not valid JSON.</exception>
    public static void AddSources(ConfigurationManager configuration, string workingDirectory, IReadOnlyList<string> overrides)
    {
        AddSettingsFile(configuration, Path.Combine(workingDirectory, SettingsFile));
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine([.. overrides]);
        configuration.AddInMemoryCollection(AnchoredLogFilePaths(configuration, workingDirectory));
    }

    /// <summary>The host's options from <paramref name="configuration"/>; dialects are looked up under <paramref name="workingDirectory"/>.</summary>
    public static EcurepServerOptions BindOptions(IConfiguration configuration, string workingDirectory)
    {
        var options = new EcurepServerOptions();
        Bind(configuration, workingDirectory, options);
        return options;
    }

    public static void Bind(IConfiguration configuration, string workingDirectory, EcurepServerOptions options)
    {
        var section = configuration.GetSection(EcurepServerOptions.SectionName);
        section.Bind(options);

        // The binder silently drops a dictionary entry whose value fails to convert; bound one by one, a bad
        // value in a site throws with its key instead of making the whole site vanish.
        var dialects = DialectCatalog.For(workingDirectory, options.DialectDirectory);
        options.Sites = new Dictionary<string, SiteOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in section.GetSection(nameof(EcurepServerOptions.Sites)).GetChildren())
        {
            options.Sites[site.Key] = SiteBinding.Bind(site, dialects);
        }
    }

    /// <summary>The JSON provider's own errors carry a stack of wrappers and a zero-based position; say it in one line.</summary>
    private static void AddSettingsFile(ConfigurationManager configuration, string path)
    {
        try
        {
            configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        catch (FileNotFoundException exception)
        {
            throw new ConfigurationException(
                $"{path}: not found; the server reads {SettingsFile} under its root directory (the current directory, --root or ECUREP_ROOT).",
                exception);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: {SettingsFileProblem(exception)}", exception);
        }
    }

    private static string SettingsFileProblem(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return JsonProblem.Describe(json);
            }
        }

        var innermost = exception.GetBaseException();
        return innermost is FormatException or IOException or UnauthorizedAccessException ? innermost.Message : exception.Message;
    }

    /// <summary>Serilog file sinks resolve relative paths against the process directory; anchor them to the working directory instead.</summary>
    private static Dictionary<string, string?> AnchoredLogFilePaths(IConfiguration configuration, string workingDirectory)
    {
        var paths = new Dictionary<string, string?>();
        foreach (var sink in configuration.GetSection("Serilog:WriteTo").GetChildren())
        {
            var path = sink.GetSection("Args:path");
            if (!string.IsNullOrEmpty(path.Value) && !Path.IsPathRooted(path.Value))
            {
                paths[path.Path] = Path.GetFullPath(path.Value, workingDirectory);
            }
        }

        return paths;
    }
}
