namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// One server for the refusal tests (xunit runs a class's tests one after another, so each can compare the data
/// directory before and after). Waits 2 seconds for a data connection instead of 30, for the foreign-peer test.
/// </summary>
public sealed class RefusalServer : IAsyncLifetime
{
    public const string TransferId = "E-REFUSE1234a";
    public const string Password = "refusal-password-1";

    public ServerProcess Server { get; } = ServerProcess.Create("Sites:Europe:Ftps:DataConnectionAcceptTimeout=00:00:02");

    public async Task InitializeAsync()
    {
        await Server.AddAccountAsync(TransferId, Password);
        await Server.StartAsync();
    }

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();

    /// <summary>A session logged in as the Transfer ID, with PROT P and TYPE I.</summary>
    public async Task<FtpTestClient> LoginAsync()
    {
        var client = await FtpTestClient.ConnectAsync(Server.ControlEndPoint);
        await client.SecureLoginAsync(TransferId, Password);
        return client;
    }
}
