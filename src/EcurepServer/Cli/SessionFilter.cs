using EcurepServer.Core.Transcripts;

namespace EcurepServer.Cli;

/// <summary>What "sessions list" shows; every given criterion must hold. Account, site and protocol compare without regard to case; account "anonymous" selects every anonymous session.</summary>
internal sealed record SessionFilter(DateTimeOffset? Since, string? Account, string? Site, string? Protocol, bool Failed)
{
    public bool Matches(SessionSummary session) =>
        (Since is null || session.Started >= Since.Value.AddTicks(-(Since.Value.UtcTicks % TimeSpan.TicksPerSecond)))
        && (Account is null || string.Equals(session.Account, Account, StringComparison.OrdinalIgnoreCase)
            || (session.Anonymous && Core.Accounts.TransferId.IsAnonymousName(Account)))
        && (Site is null || string.Equals(session.Site, Site, StringComparison.OrdinalIgnoreCase))
        && (Protocol is null || string.Equals(session.Protocol, Protocol, StringComparison.OrdinalIgnoreCase))
        && (!Failed || session.Failed);
}
