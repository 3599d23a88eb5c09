using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Accounts;

/// <summary>The per-site login policy.</summary>
public interface ISitePolicy
{
    bool AllowsAnonymous(string site);
}

/// <summary>Reads <c>EcurepServer:Sites:&lt;name&gt;:AllowAnonymous</c>; an unknown site allows no anonymous login.</summary>
public sealed class ConfiguredSitePolicy(IOptions<SitePolicyOptions> options) : ISitePolicy
{
    private readonly Dictionary<string, SitePolicy> _sites = new(options.Value.Sites, StringComparer.OrdinalIgnoreCase);

    public bool AllowsAnonymous(string site) => _sites.TryGetValue(site, out var policy) && policy.AllowAnonymous;
}
