using System.CommandLine;
using EcurepServer.Certificates;
using EcurepServer.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Cli;

/// <summary>"certs fingerprint": the SHA-256 fingerprints users compare against what their client shows, one line per served certificate.</summary>
public static class CertsCommand
{
    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var fingerprint = new Command("fingerprint", "Print the SHA-256 fingerprint of every FTPS certificate each site serves (generating the self-signed ones if they do not exist yet).");
        fingerprint.SetAction((_, _) => PrintFingerprintsAsync(context, overrides));
        return new Command("certs", "Inspect the server certificates.") { fingerprint };
    }

    private static async Task<int> PrintFingerprintsAsync(CliContext context, IReadOnlyList<string> overrides)
    {
        var settings = CliSettings.Load(context, overrides);
        var validation = new EcurepServerOptionsValidator(context.WorkingDirectory).Validate(null, settings.Options);
        if (validation.Failed)
        {
            foreach (var failure in validation.Failures)
            {
                await context.Error.WriteLineAsync($"Configuration error: {failure}");
            }

            return ExitCodes.Error;
        }

        using var certificates = new FtpsCertificateProvider(settings.Options, settings.Paths, TimeProvider.System, NullLogger<FtpsCertificateProvider>.Instance);
        foreach (var (site, _) in settings.Options.Sites.Where(s => s.Value.Ftps.Enabled || s.Value.LegacyPlain.Enabled))
        {
            foreach (var certificate in certificates.ForSite(site))
            {
                await context.Output.WriteLineAsync($"{site} FTPS certificate SHA-256 fingerprint: {certificate.Fingerprint} ({certificate.Key})");
            }
        }

        return ExitCodes.Ok;
    }
}
