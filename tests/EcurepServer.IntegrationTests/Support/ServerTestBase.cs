namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// A test class whose every test gets a built server of its own (the test settings plus <paramref name="settings"/>):
/// its accounts added and whatever else it prepares, started before the test; killed and its directory deleted after.
/// Its certs/ starts with the certificate and host keys an earlier server of the run generated (<see cref="SharedServerCertificates"/>).
/// </summary>
public abstract class ServerTestBase(params string[] settings) : IAsyncLifetime
{
    protected ServerProcess Server { get; } = ServerProcess.Create(settings);

    /// <summary>The Transfer IDs (with their passwords) added before the server starts.</summary>
    protected virtual IEnumerable<(string TransferId, string Password)> Accounts => [];

    public virtual async Task InitializeAsync()
    {
        foreach (var (transferId, password) in Accounts)
        {
            await Server.AddAccountAsync(transferId, password);
        }

        var certificates = Path.Combine(Server.Root, "certs");
        var generates = !SharedServerCertificates.CopyTo(certificates);
        await PrepareAsync();
        generates &= !Directory.Exists(certificates) || Directory.GetFileSystemEntries(certificates).Length == 0;
        await StartAsync();
        if (generates)
        {
            SharedServerCertificates.KeepFrom(certificates);
        }
    }

    public virtual Task DisposeAsync() => Server.DisposeAsync().AsTask();

    /// <summary>What the test class sets up after the accounts, before the server starts.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Starts the server; test classes that need it in namespaces of its own start it so.</summary>
    protected virtual Task StartAsync() => Server.StartAsync();
}
