namespace EcurepServer.Core.Catalog;

/// <summary>
/// A Transfer ID as the catalog keeps it: its password hash (never the password), when it was made, its authorized
/// keys in OpenSSH's <c>authorized_keys</c> line form, and its own daily quota (null: the default).
/// </summary>
public sealed record CatalogAccount(string Id, string PasswordHash, DateTimeOffset Created, IReadOnlyList<string> AuthorizedKeys, long? QuotaBytesPerDay);
