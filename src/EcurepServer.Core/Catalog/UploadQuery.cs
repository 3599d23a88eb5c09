using EcurepServer.Core.Accounts;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// Which delivered uploads a reader wants; every given criterion must hold. Case and PMR are normalised (see
/// <see cref="FileNameRouter"/>); account and site compare without regard to case, account "anonymous" selects every
/// anonymous upload; <see cref="Since"/> keeps uploads completed at or after it; <see cref="Name"/> is the file name;
/// <see cref="Lost"/> keeps only uploads that belong to no case or PMR; <see cref="Last"/> keeps only the newest that
/// many of those selected (still in delivery order), so a reader that shows a page reads no more than that.
/// </summary>
public sealed record UploadQuery(
    DateTimeOffset? Since = null,
    string? Account = null,
    string? Site = null,
    string? Case = null,
    string? Pmr = null,
    string? Session = null,
    string? Name = null,
    bool Lost = false,
    int? Last = null)
{
    public bool Matches(ReceiptEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var receipt = entry.Receipt;
        return (Since is null || receipt.CompletedUtc >= Since)
            && (Case is null || (entry.Route.Kind == RouteKind.Case && entry.Route.Case == Case))
            && (Pmr is null || (entry.Route.Kind == RouteKind.Pmr && entry.Route.Pmr == Pmr))
            && (!Lost || entry.Route.Kind == RouteKind.Lost)
            && (Account is null || string.Equals(receipt.Account, Account, StringComparison.OrdinalIgnoreCase) || (receipt.Anonymous && TransferId.IsAnonymousName(Account)))
            && (Site is null || string.Equals(receipt.Site, Site, StringComparison.OrdinalIgnoreCase))
            && (Session is null || string.Equals(receipt.SessionId, Session, StringComparison.Ordinal))
            && (Name is null || string.Equals(receipt.Path[(receipt.Path.LastIndexOf('/') + 1)..], Name, StringComparison.Ordinal));
    }
}
