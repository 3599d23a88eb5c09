using System.CommandLine;
using System.Globalization;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>"users add|list|remove|passwd|quota|key": manage Transfer IDs in the catalog, also while the server runs.</summary>
public static class UsersCommand
{
    private const string Default = "default";

    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var users = new Command("users", "Manage IBM Support File Transfer IDs.")
        {
            Add(context, overrides),
            List(context, overrides),
            Remove(context, overrides),
            Passwd(context, overrides),
            Quota(context, overrides),
            UserKeysCommand.Create(context, overrides),
        };
        return users;
    }

    private static Command Add(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = IdArgument();
        var passwordStdin = PasswordStdinOption();
        var command = new Command("add", "Add a Transfer ID. Without --password-stdin a password is generated and printed once.") { id, passwordStdin };
        command.SetAction((parseResult, cancellationToken) => WithStoreAsync(context, overrides, async store =>
        {
            var transferId = parseResult.GetRequiredValue(id);
            var password = await PasswordAsync(context, parseResult.GetValue(passwordStdin));
            if (password is null)
            {
                return await RefuseAsync(context, "No password on standard input.");
            }

            var result = await store.AddAsync(transferId, password.Value.Text, cancellationToken);
            return await ReportAsync(context, result, password.Value.Generated ? $"Password for {transferId}: {password.Value.Text}" : null);
        }));
        return command;
    }

    private static Command List(CliContext context, IReadOnlyList<string> overrides)
    {
        var command = new Command("list", "List the Transfer IDs and when they were created.");
        command.SetAction((_, cancellationToken) => WithStoreAsync(context, overrides, async store =>
        {
            foreach (var account in await store.ListAsync(cancellationToken))
            {
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{account.Id}\t{account.Created.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = IdArgument();
        var command = new Command("remove", "Remove a Transfer ID; its delivered uploads stay.") { id };
        command.SetAction((parseResult, cancellationToken) => WithStoreAsync(context, overrides, async store =>
            await ReportAsync(context, await store.RemoveAsync(parseResult.GetRequiredValue(id), cancellationToken), null)));
        return command;
    }

    private static Command Passwd(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = IdArgument();
        var passwordStdin = PasswordStdinOption();
        var command = new Command("passwd", "Set a new password. Without --password-stdin one is generated and printed once.") { id, passwordStdin };
        command.SetAction((parseResult, cancellationToken) => WithStoreAsync(context, overrides, async store =>
        {
            var transferId = parseResult.GetRequiredValue(id);
            var password = await PasswordAsync(context, parseResult.GetValue(passwordStdin));
            if (password is null)
            {
                return await RefuseAsync(context, "No password on standard input.");
            }

            var result = await store.SetPasswordAsync(transferId, password.Value.Text, cancellationToken);
            return await ReportAsync(context, result, password.Value.Generated ? $"Password for {transferId}: {password.Value.Text}" : null);
        }));
        return command;
    }

    private static Command Quota(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = IdArgument();
        var bytes = new Argument<string>("bytes-per-day")
        {
            Description = "What the Transfer ID may upload per day (UTC), 0 for no quota, or \"default\" for DropBox:Quota:AccountBytesPerDay.",
        };
        bytes.Validators.Add(result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (text != Default && QuotaBytes(text) is null)
            {
                result.AddError($"bytes-per-day: \"{text}\" is not a number of bytes (0 for no quota) or \"{Default}\".");
            }
        });
        var command = new Command("quota", "Give a Transfer ID its own daily upload quota.") { id, bytes };
        command.SetAction((parseResult, cancellationToken) => WithStoreAsync(context, overrides, async store =>
        {
            var quota = QuotaBytes(parseResult.GetRequiredValue(bytes));
            return await ReportAsync(context, await store.SetQuotaAsync(parseResult.GetRequiredValue(id), quota, cancellationToken), null);
        }));
        return command;
    }

    /// <summary>The bytes of a quota argument; null for anything else (the validator has refused all but "default").</summary>
    private static long? QuotaBytes(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;

    internal static Argument<string> IdArgument() => new("id") { Description = "The Transfer ID, for example E-ABCD12345f." };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin") { Description = "Read the password from the first line of standard input." };

    internal static async Task<int> WithStoreAsync(CliContext context, IReadOnlyList<string> overrides, Func<AccountStore, Task<int>> action)
    {
        await using var services = CliSettings.Load(context, overrides).DropBoxServices();
        await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(CancellationToken.None);
        return await action(services.GetRequiredService<AccountStore>());
    }

    private static async Task<(string Text, bool Generated)?> PasswordAsync(CliContext context, bool fromStdin)
    {
        if (!fromStdin)
        {
            return (AccountStore.GeneratePassword(), true);
        }

        var password = await PasswordInput.ReadAsync(context.Input);
        return password is null ? null : (password, false);
    }

    internal static async Task<int> ReportAsync(CliContext context, AccountResult result, string? passwordLine)
    {
        if (!result.Succeeded)
        {
            return await RefuseAsync(context, result.Message);
        }

        await context.Output.WriteLineAsync(result.Message);
        if (passwordLine is not null)
        {
            await context.Output.WriteLineAsync(passwordLine);
        }

        return ExitCodes.Ok;
    }

    internal static async Task<int> RefuseAsync(CliContext context, string message)
    {
        await context.Error.WriteLineAsync(message);
        return ExitCodes.Error;
    }
}
