namespace EcurepServer.Core.Catalog;

/// <summary>
/// One upload's hold on its names: <see cref="ClaimId"/> is unique per upload, <see cref="NodeId"/> the node that
/// renews its lease (see <see cref="CatalogNode"/>), <see cref="ExpiresUtc"/> when it ends unless renewed. The rest
/// says who uploads, for the list of uploads in progress.
/// </summary>
public sealed record UploadClaim(
    string ClaimId,
    string NodeId,
    string SessionId,
    string Account,
    string Site,
    string Protocol,
    string ClientAddress,
    DateTimeOffset StartedUtc,
    DateTimeOffset ExpiresUtc);
