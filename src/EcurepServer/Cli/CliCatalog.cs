using EcurepServer.Core.Catalog;

namespace EcurepServer.Cli;

/// <summary>What the verbs that only read the catalog (uploads list, uploads active) read, made ready as the server makes it.</summary>
public sealed class CliCatalog(UploadCatalog uploads, ClaimedUploads claims, IAsyncDisposable? services) : IAsyncDisposable
{
    public UploadCatalog Uploads { get; } = uploads;

    public ClaimedUploads Claims { get; } = claims;

    public async ValueTask DisposeAsync()
    {
        Uploads.Dispose();
        if (services is not null)
        {
            await services.DisposeAsync().ConfigureAwait(false);
        }
    }
}
