using System.Text.Json.Serialization;

namespace EcurepServer.Core.Accounts;

/// <summary>The shape of the accounts file of the releases before the catalog: <c>{"accounts":[{"id":..,"passwordHash":..,"created":..,"authorizedKeys":[..],"quotaBytesPerDay":..}]}</c>.</summary>
internal sealed class AccountsDocument
{
    public List<AccountEntry> Accounts { get; set; } = [];
}

internal sealed class AccountEntry
{
    public string Id { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    /// <summary>Public keys for SSH logins, one authorized_keys line each.</summary>
    public List<string>? AuthorizedKeys { get; set; } = [];

    /// <summary>This account's own upload quota per UTC day (0: none); absent: <c>DropBox:Quota:AccountBytesPerDay</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? QuotaBytesPerDay { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AccountsDocument))]
internal sealed partial class AccountsJsonContext : JsonSerializerContext;
