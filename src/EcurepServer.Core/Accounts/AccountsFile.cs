using System.Text.Json;
using EcurepServer.Core.Catalog;

namespace EcurepServer.Core.Accounts;

/// <summary>
/// The accounts file of the releases before the catalog (<c>config/accounts.json</c>), read once to import it into
/// the catalog; nothing writes it any more.
/// </summary>
public static class AccountsFile
{
    /// <summary>The accounts of <paramref name="path"/> (none when it is missing or empty); <see cref="InvalidDataException"/> when it is not an accounts file.</summary>
    public static async Task<IReadOnlyList<CatalogAccount>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return [];
        }

        AccountsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, AccountsJsonContext.Default.AccountsDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }

        if (document is not { Accounts: not null } || !document.Accounts.TrueForAll(a => a is not null && a.Id is not null && a.PasswordHash is not null))
        {
            throw new InvalidDataException($"{path} does not hold an \"accounts\" list of entries with \"id\" and \"passwordHash\".");
        }

        if (document.Accounts.Find(a => a.QuotaBytesPerDay < 0) is { } negative)
        {
            throw new InvalidDataException($"{path}: the \"quotaBytesPerDay\" of \"{negative.Id}\" must be 0 (no quota) or a positive number of bytes, not {negative.QuotaBytesPerDay}.");
        }

        return [.. document.Accounts.Select(a => new CatalogAccount(a.Id, a.PasswordHash, a.Created, [.. a.AuthorizedKeys ?? []], a.QuotaBytesPerDay))];
    }
}
