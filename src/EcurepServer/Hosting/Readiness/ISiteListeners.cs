namespace EcurepServer.Hosting.Readiness;

/// <summary>A site's hosted service that runs listeners; the ready file and /readyz read their state through it.</summary>
public interface ISiteListeners
{
    /// <summary>One entry per listener the configuration enables, started or not.</summary>
    IEnumerable<ListenerState> Listeners { get; }
}
