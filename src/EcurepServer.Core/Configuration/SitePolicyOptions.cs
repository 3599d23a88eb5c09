namespace EcurepServer.Core.Configuration;

/// <summary>The login policy of one site, bound from <c>EcurepServer:Sites:&lt;name&gt;</c>.</summary>
public sealed class SitePolicy
{
    public bool AllowAnonymous { get; set; }
}

/// <summary>Login policies of all sites, bound from <c>EcurepServer</c> (its <c>Sites</c> key); other site keys are ignored here.</summary>
public sealed class SitePolicyOptions
{
    public const string SectionName = "EcurepServer";

    public Dictionary<string, SitePolicy> Sites { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
