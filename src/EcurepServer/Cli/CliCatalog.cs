using EcurepServer.Core.Catalog;

namespace EcurepServer.Cli;

/// <summary>
/// What the verbs that only read the catalog (uploads list, uploads active) read, made ready as the server makes it.
/// The claims are made when first read: their node id draws random bytes, which loads the cryptography library.
/// </summary>
public sealed class CliCatalog(UploadCatalog uploads, Func<ClaimedUploads> claims, IAsyncDisposable? services) : IAsyncDisposable
{
    private readonly Lazy<ClaimedUploads> _claims = new(claims);

    public UploadCatalog Uploads { get; } = uploads;

    public ClaimedUploads Claims => _claims.Value;

    public async ValueTask DisposeAsync()
    {
        Uploads.Dispose();
        if (services is not null)
        {
            await services.DisposeAsync().ConfigureAwait(false);
        }
    }
}
