using System.CommandLine;
using EcurepServer.Ssh.Keys;

namespace EcurepServer.Cli;

/// <summary>"keys fingerprints": the SSH host key fingerprints users compare with what their client shows.</summary>
public static class KeysCommand
{
    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var fingerprints = new Command("fingerprints", "Print the SHA256 fingerprint of each SSH host key, as ssh-keygen -l shows it (generating the keys if they do not exist yet).");
        fingerprints.SetAction(async (_, _) =>
        {
            var settings = CliSettings.Load(context, overrides);
            foreach (var key in HostKeyStore.LoadOrCreate(settings.Paths.CertificateDirectory).Keys)
            {
                await context.Output.WriteLineAsync($"{key.PublicKey.KeyType} {key.PublicKey.Fingerprint}");
            }

            return ExitCodes.Ok;
        });
        return new Command("keys", "Inspect the SSH host keys.") { fingerprints };
    }
}
