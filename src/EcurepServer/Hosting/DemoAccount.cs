using EcurepServer.Core.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting;

/// <summary>
/// On the very first start (no accounts file yet) creates the Transfer ID of the ECuRep examples, so a new
/// installation can be tried at once. Its password is shown this one time, by design.
/// </summary>
public sealed partial class DemoAccount(AccountStore accounts, ILogger<DemoAccount> logger) : IHostedService
{
    public const string TransferId = "E-ABCD12345f";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(accounts.FilePath))
        {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created demo Transfer ID {TransferId} with password {Password} (change it with: users passwd " + TransferId + ")")]
    private static partial void LogCreated(ILogger logger, string transferId, string password);
}
