using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;

namespace EcurepServer.Cli;

/// <summary>
/// What "uploads list" shows; every given criterion must hold. Case and PMR are normalised (see
/// <see cref="FileNameRouter"/>); account and site compare without regard to case, and account "anonymous"
/// selects every anonymous upload. <see cref="Since"/> selects by completion time, <see cref="Session"/> by session id.
/// </summary>
internal sealed record UploadFilter(string? Case, string? Pmr, string? Account, string? Site, bool Lost)
{
    public DateTimeOffset? Since { get; init; }

    public string? Session { get; init; }

    public bool IsEmpty => Case is null && Pmr is null && Account is null && Site is null && !Lost && Since is null && Session is null;

    public bool Matches(ReceiptEntry entry)
    {
        var receipt = entry.Receipt;
        return (Case is null || (entry.Route.Kind == RouteKind.Case && entry.Route.Case == Case))
            && (Pmr is null || (entry.Route.Kind == RouteKind.Pmr && entry.Route.Pmr == Pmr))
            && (!Lost || entry.Route.Kind == RouteKind.Lost)
            && (Account is null || MatchesAccount(receipt))
            && (Site is null || string.Equals(receipt.Site, Site, StringComparison.OrdinalIgnoreCase))
            && (Since is null || receipt.CompletedUtc >= Since.Value)
            && (Session is null || string.Equals(receipt.SessionId, Session, StringComparison.Ordinal));
    }

    private bool MatchesAccount(Receipt receipt) =>
        string.Equals(receipt.Account, Account, StringComparison.OrdinalIgnoreCase)
        || (receipt.Anonymous && Core.Accounts.TransferId.IsAnonymousName(Account));
}
