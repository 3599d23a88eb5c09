using EcurepServer.Core.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting;

/// <summary>
/// On the very first start (a catalog that has never held an account) creates a first Transfer ID, so a new installation can be tried at
/// once: the one named by <c>ECUREP_TRANSFER_ID</c> with the password from <c>ECUREP_PASSWORD</c> or the file
/// <c>ECUREP_PASSWORD_FILE</c> names (a container secret), never logged; without them the Transfer ID of the ECuRep
/// examples with a generated password, shown this one time, by design.
/// </summary>
public sealed partial class DemoAccount(AccountStore accounts, ILogger<DemoAccount> logger) : IHostedService
{
    public const string TransferId = "E-ABCD12345f";

    public const string TransferIdVariable = "ECUREP_TRANSFER_ID";

    public const string PasswordVariable = "ECUREP_PASSWORD";

    public const string PasswordFileVariable = "ECUREP_PASSWORD_FILE";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await accounts.IsPristineAsync(cancellationToken))
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(TransferIdVariable) is { Length: > 0 } id)
        {
            await AddFromEnvironmentAsync(id, cancellationToken);
            return;
        }

        var password = AccountStore.GeneratePassword();
        var result = await accounts.AddAsync(TransferId, password, cancellationToken);
        if (result.Succeeded)
        {
            LogCreated(logger, TransferId, password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AddFromEnvironmentAsync(string id, CancellationToken cancellationToken)
    {
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password) && Environment.GetEnvironmentVariable(PasswordFileVariable) is { Length: > 0 } file)
        {
            try
            {
                password = (await File.ReadAllTextAsync(file, cancellationToken)).TrimEnd('\r', '\n');
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                LogPasswordFileUnreadable(logger, PasswordFileVariable, file, exception.Message, id);
                return;
            }
        }

        if (string.IsNullOrEmpty(password))
        {
            LogNoPassword(logger, TransferIdVariable, PasswordVariable, PasswordFileVariable, id);
            return;
        }

        var result = await accounts.AddAsync(id, password, cancellationToken);
        if (result.Succeeded)
        {
            LogCreatedFromEnvironment(logger, id, TransferIdVariable);
        }
        else
        {
            LogNotCreated(logger, TransferIdVariable, result.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created demo Transfer ID {TransferId} with password {Password} (change it with: users passwd " + TransferId + ")")]
    private static partial void LogCreated(ILogger logger, string transferId, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Transfer ID {TransferId} from {Variable} and its password from the environment")]
    private static partial void LogCreatedFromEnvironment(ILogger logger, string transferId, string variable);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Variable} is set but neither {PasswordVariable} nor {PasswordFileVariable} gives a password; created no Transfer ID (not {TransferId}, nor the demo one)")]
    private static partial void LogNoPassword(ILogger logger, string variable, string passwordVariable, string passwordFileVariable, string transferId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Variable} names {PasswordFile}, which cannot be read ({Reason}); created no Transfer ID (not {TransferId}, nor the demo one)")]
    private static partial void LogPasswordFileUnreadable(ILogger logger, string variable, string passwordFile, string reason, string transferId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Created no Transfer ID from {Variable}: {Reason}")]
    private static partial void LogNotCreated(ILogger logger, string variable, string reason);
}
