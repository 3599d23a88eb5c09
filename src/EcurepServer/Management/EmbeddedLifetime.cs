using Microsoft.Extensions.Hosting;

namespace EcurepServer.Management;

/// <summary>The endpoint's web host runs inside the server's host, which alone handles SIGTERM and Ctrl+C.</summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
