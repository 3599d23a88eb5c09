using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcurepServer.Hosting.Readiness;

/// <summary>Every enabled listener of every site, read from the site services when asked (they are created with the host).</summary>
public sealed class SiteListeners(IServiceProvider services)
{
    public IReadOnlyList<ListenerState> All =>
        [.. services.GetServices<IHostedService>().OfType<ISiteListeners>().SelectMany(site => site.Listeners)];

    /// <summary>Why the server is not ready to accept uploads, or null when every enabled listener accepts.</summary>
    public string? NotAccepting()
    {
        var down = All.Where(listener => !listener.IsAccepting).ToList();
        return down.Count == 0
            ? null
            : "not accepting: " + string.Join(", ", down.Select(listener => $"site {listener.Site} {listener.Protocol}"));
    }
}
