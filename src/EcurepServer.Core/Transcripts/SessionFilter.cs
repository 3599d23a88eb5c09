namespace EcurepServer.Core.Transcripts;

/// <summary>Which sessions "sessions list" and GET /sessions show; every given criterion must hold. Account, site and protocol compare without regard to case; account "anonymous" selects every anonymous session.</summary>
public sealed record SessionFilter(DateTimeOffset? Since, string? Account, string? Site, string? Protocol, bool Failed)
{
    public bool Matches(SessionSummary session) =>
        (Since is null || session.Started >= Since.Value.AddTicks(-(Since.Value.UtcTicks % TimeSpan.TicksPerSecond)))
        && (Account is null || string.Equals(session.Account, Account, StringComparison.OrdinalIgnoreCase)
            || (session.Anonymous && Accounts.TransferId.IsAnonymousName(Account)))
        && (Site is null || string.Equals(session.Site, Site, StringComparison.OrdinalIgnoreCase))
        && (Protocol is null || string.Equals(session.Protocol, Protocol, StringComparison.OrdinalIgnoreCase))
        && (!Failed || session.Failed);
}
