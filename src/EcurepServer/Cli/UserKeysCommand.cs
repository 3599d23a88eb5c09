using System.CommandLine;
using EcurepServer.Ssh.Keys;

namespace EcurepServer.Cli;

/// <summary>"users key add|list|remove": public keys that let a Transfer ID log in over SFTP without its password.</summary>
public static class UserKeysCommand
{
    public static Command Create(CliContext context, IReadOnlyList<string> overrides) =>
        new("key", "Manage the SSH public keys of a Transfer ID (for SFTP logins).")
        {
            Add(context, overrides),
            List(context, overrides),
            Remove(context, overrides),
        };

    private static Command Add(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = UsersCommand.IdArgument();
        var file = new Argument<string>("public-key-file") { Description = "An OpenSSH public key file (id_ed25519.pub, ...), or - for standard input." };
        var command = new Command("add", "Authorize a public key (Ed25519, ECDSA or RSA of at least 2048 bits) for the Transfer ID.") { id, file };
        command.SetAction((parseResult, cancellationToken) => UsersCommand.WithStoreAsync(context, overrides, async store =>
        {
            var path = parseResult.GetRequiredValue(file);
            var line = path == "-" ? await context.Input.ReadLineAsync(cancellationToken) : await ReadFirstLineAsync(context, path);
            if (line is null || !SshPublicKey.TryParseOpenSsh(line, out _))
            {
                return await UsersCommand.RefuseAsync(context, $"{path} does not hold a supported OpenSSH public key (ssh-ed25519, ecdsa-sha2-nistp256/384/521, or ssh-rsa of at least 2048 bits).");
            }

            return await UsersCommand.ReportAsync(context, await store.AddKeyAsync(parseResult.GetRequiredValue(id), line, cancellationToken), null);
        }));
        return command;
    }

    private static Command List(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = UsersCommand.IdArgument();
        var command = new Command("list", "List the authorized keys of the Transfer ID with their SHA256 fingerprints.") { id };
        command.SetAction((parseResult, cancellationToken) => UsersCommand.WithStoreAsync(context, overrides, async store =>
        {
            var transferId = parseResult.GetRequiredValue(id);
            var keys = await store.ListKeysAsync(transferId, cancellationToken);
            if (keys is null)
            {
                return await UsersCommand.RefuseAsync(context, $"No such Transfer ID: \"{transferId}\".");
            }

            foreach (var key in keys)
            {
                await context.Output.WriteLineAsync($"{key.Fingerprint}\t{key.KeyType}\t{key.Comment}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = UsersCommand.IdArgument();
        var fingerprint = new Argument<string>("fingerprint") { Description = "The key's fingerprint as \"users key list\" prints it (SHA256:...)." };
        var command = new Command("remove", "Withdraw an authorized key.") { id, fingerprint };
        command.SetAction((parseResult, cancellationToken) => UsersCommand.WithStoreAsync(context, overrides, async store =>
            await UsersCommand.ReportAsync(
                context,
                await store.RemoveKeyAsync(parseResult.GetRequiredValue(id), parseResult.GetRequiredValue(fingerprint), cancellationToken),
                null)));
        return command;
    }

    private static async Task<string?> ReadFirstLineAsync(CliContext context, string path)
    {
        var full = Path.GetFullPath(path, context.CurrentDirectory);
        if (!File.Exists(full) || new FileInfo(full).Length > 64 * 1024)
        {
            return null;
        }

        using var reader = File.OpenText(full);
        return await reader.ReadLineAsync();
    }
}
