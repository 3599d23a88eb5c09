namespace EcurepServer.Core.Configuration;

/// <summary>Where receipts, upload ownership, locks, bans, accounts and events are kept, bound from <c>EcurepServer:Catalog</c>.</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "EcurepServer:Catalog";

    public const string Sqlite = "sqlite";

    /// <summary>The provider: <c>sqlite</c> (a file in the data directory, one node) or another registered by the host.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The SQLite file; empty: <c>catalog.db</c> in the data directory. The host makes it absolute.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The connection string of a provider with a server; may come from the environment.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How long a statement waits for another writer (another process on the same SQLite file) before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node's upload claims and locks last without renewal: after a node dies, others resume its uploads after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node renews its leases; well below <see cref="LeaseDuration"/>.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a reader waiting for a delivery (<c>/uploads/wait</c>) looks for one another node committed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these settings, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Provider))
        {
            errors.Add($"{SectionName}:Provider must name a catalog provider, such as '{Sqlite}'.");
        }

        if (BusyTimeout < TimeSpan.FromMilliseconds(1) || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{SectionName}:BusyTimeout must be between 00:00:00.001 and 00:10:00, not {BusyTimeout}.");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"{SectionName}:LeaseDuration must be between 00:00:01 and 01:00:00, not {LeaseDuration}.");
        }

        if (LeaseRenewInterval < TimeSpan.FromMilliseconds(100) || LeaseRenewInterval * 2 > LeaseDuration)
        {
            errors.Add($"{SectionName}:LeaseRenewInterval must be at least 00:00:00.1 and at most half of {SectionName}:LeaseDuration ({LeaseDuration}), not {LeaseRenewInterval}.");
        }

        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:PollInterval must be between 00:00:00.01 and 00:01:00, not {PollInterval}.");
        }

        return errors;
    }
}
