using EcurepServer.Core.Accounts;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Quotas;

/// <summary>Whose quota an upload counts against: one Transfer ID, or all anonymous users together (null).</summary>
internal readonly record struct QuotaHolder(string? Account)
{
    public static readonly QuotaHolder Anonymous = new((string?)null);

    public bool IsAnonymous => Account is null;

    public static QuotaHolder Of(Principal principal) => principal.IsAnonymous ? Anonymous : new(principal.Name);

    public static QuotaHolder Of(Receipt receipt) => receipt.Anonymous ? Anonymous : new(receipt.Account);
}
