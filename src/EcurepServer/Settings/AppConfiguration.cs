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

    public static void AddSources(ConfigurationManager configuration, string workingDirectory, IReadOnlyList<string> overrides)
    {
        configuration.AddJsonFile(Path.Combine(workingDirectory, SettingsFile), optional: false, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine([.. overrides]);
        configuration.AddInMemoryCollection(AnchoredLogFilePaths(configuration, workingDirectory));
    }

    public static EcurepServerOptions BindOptions(IConfiguration configuration)
    {
        var options = new EcurepServerOptions();
        Bind(configuration, options);
        return options;
    }

    public static void Bind(IConfiguration configuration, EcurepServerOptions options)
    {
        var section = configuration.GetSection(EcurepServerOptions.SectionName);
        section.Bind(options);

        // The binder silently drops a dictionary entry whose value fails to convert; bound one by one, a bad
        // value in a site throws with its key instead of making the whole site vanish.
        options.Sites = new Dictionary<string, SiteOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in section.GetSection(nameof(EcurepServerOptions.Sites)).GetChildren())
        {
            var siteOptions = new SiteOptions();
            site.Bind(siteOptions);
            options.Sites[site.Key] = siteOptions;
        }
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
