using System.CommandLine;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using EcurepServer.Hosting;
using EcurepServer.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcurepServer.Cli;

/// <summary>
/// "config check": the checks of a start (<see cref="StartupCheck"/>) without opening a port, creating a file or
/// logging; exit code 0 only when a start would pass them and no key is unknown.
/// </summary>
public static class ConfigCommand
{
    /// <summary>Indented, and banner text such as "toibm/&lt;product&gt;" as it is written, for a person to read.</summary>
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var json = new Option<bool>("--json") { Description = "Print the effective configuration (defaults filled in, secrets masked) as JSON." };
        var check = new Command(
            "check",
            "Check the configuration as a start would (settings file, every value, unknown keys, accounts file, certificates) "
            + "without opening a port; exit code 0 when it is usable.")
        {
            json,
        };
        check.SetAction((parseResult, cancellationToken) => CheckAsync(context, overrides, parseResult.GetValue(json), cancellationToken));
        return new Command("config", "Inspect the configuration.") { check };
    }

    private static async Task<int> CheckAsync(CliContext context, IReadOnlyList<string> overrides, bool asJson, CancellationToken cancellationToken)
    {
        using var check = await StartupCheck.RunAsync(context.WorkingDirectory, overrides, StartupCheckMode.CheckOnly, cancellationToken);
        await ConfigurationReport.WriteAsync(context.Error, check);
        if (!check.Passed)
        {
            return ExitCodes.Error;
        }

        var services = check.Host!.Services;
        if (asJson)
        {
            var bound = check.Schema!.Bindings.Select(binding => (binding.Section, BoundOptions(services, binding.Type)));
            await context.Output.WriteLineAsync(EffectiveConfiguration.Of(bound).ToJsonString(Indented));
        }
        else
        {
            await WriteSummaryAsync(context, services.GetRequiredService<EcurepServerOptions>());
        }

        return check.UnknownKeys.Count == 0 ? ExitCodes.Ok : ExitCodes.Error;
    }

    private static object BoundOptions(IServiceProvider services, Type optionsType)
    {
        var accessor = typeof(IOptions<>).MakeGenericType(optionsType);
        return accessor.GetProperty(nameof(IOptions<>.Value))!.GetValue(services.GetRequiredService(accessor))!;
    }

    private static async Task WriteSummaryAsync(CliContext context, EcurepServerOptions options)
    {
        await context.Output.WriteLineAsync($"Configuration OK: {Path.Combine(context.WorkingDirectory, AppConfiguration.SettingsFile)}");
        foreach (var (name, site) in options.Sites)
        {
            var listeners = new List<string>();
            if (site.Ftps.Enabled)
            {
                listeners.Add($"ftps {EndPoint(site.Ftps.BindAddress, site.Ftps.Port)}");
            }

            if (site.LegacyPlain.Enabled)
            {
                listeners.Add($"ftp {EndPoint(site.Ftps.BindAddress, site.LegacyPlain.Port)}");
            }

            if (site.Ssh.Enabled)
            {
                listeners.Add($"sftp {EndPoint(site.Ssh.BindAddress, site.Ssh.Port)}");
            }

            await context.Output.WriteLineAsync($"Site {name}: {(listeners.Count == 0 ? "no listener enabled" : string.Join(", ", listeners))}");
        }
    }

    private static string EndPoint(IPAddress address, int port) => new IPEndPoint(address, port).ToString();
}
