using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Events;
using EcurepServer.Core.Metrics;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Sessions;

/// <summary>The drop box on local disk. Creating it creates the product upload directories.</summary>
public sealed class DropBox : IDropBox
{
    private readonly DropBoxServices _services;

    /// <param name="accounts">The Transfer IDs, for their own quotas and to tell their interrupted uploads from anonymous ones after a restart; without it every partial found counts as anonymous.</param>
    /// <param name="metrics">The upload instruments; none: nothing is measured.</param>
    /// <param name="events">The outbox delivered uploads queue their events in before they are acknowledged; none: no events.</param>
    /// <param name="transferLog">The xferlog-format log of completed and aborted uploads; none: not written.</param>
    /// <param name="catalog">Where uploads claim their names across nodes and the receipt export; none: this process is the only node, no export.</param>
    public DropBox(IOptions<DropBoxOptions> options, IReceiptStore receipts, TimeProvider time, ILogger<DropBox> logger, AccountStore? accounts = null,
        DropBoxMetrics? metrics = null, EventOutbox? events = null, TransferLog? transferLog = null, DropBoxCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Value.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(DropBoxOptions), typeof(DropBoxOptions), errors);
        }

        _services = new DropBoxServices(
            options.Value,
            receipts,
            accounts,
            time,
            logger,
            catalog?.Ownership ?? new LocalUploadOwnership(),
            catalog?.Node ?? new CatalogNode(),
            catalog?.LeaseDuration ?? new CatalogOptions().LeaseDuration)
        {
            ReceiptExport = catalog?.ReceiptExport,
            Metrics = metrics,
            Events = events is { HasSinks: true } ? events : null,
            TransferLog = transferLog is { IsEnabled: true } ? transferLog : null,
        };
        _services.Layout.CreateProductDirectories(options.Value.Products);
    }

    /// <summary>Where delivered uploads land: <c>&lt;DataDirectory&gt;/uploads/toibm/&lt;product&gt;/&lt;account folder&gt;/&lt;name&gt;</c>.</summary>
    public string UploadsDirectory => _services.Layout.UploadsRoot;

    internal DropBoxServices Services => _services;

    /// <summary>The uploads in progress in this process, oldest first.</summary>
    public IReadOnlyList<Catalog.UploadInProgress> UploadsInProgress =>
        [.. _services.ActiveUploads.Keys
            .Select(upload => new Catalog.UploadInProgress(
                upload.Session.Context.SessionId,
                upload.Session.Context.Site,
                upload.Session.Context.Protocol,
                upload.Session.Principal.IsAnonymous ? upload.Session.Principal.AnonymousEmail ?? upload.Session.Principal.Name : upload.Session.Principal.Name,
                upload.Session.Principal.IsAnonymous,
                upload.Session.Context.ClientAddress.ToString(),
                upload.Path.Value,
                upload.Length,
                upload.Started))
            .OrderBy(upload => upload.StartedUtc)];

    /// <summary>Ends every upload in progress: none of them is delivered, their next write is refused. Returns how many.</summary>
    internal int EndUploadsForReset()
    {
        var uploads = _services.ActiveUploads.Keys.ToList();
        foreach (var upload in uploads)
        {
            upload.EndForReset();
        }

        return uploads.Count;
    }

    public IDropBoxSession OpenSession(Principal principal, SessionContext context) =>
        OpenSession(principal, context, DropBoxSessionOptions.Default);

    public IDropBoxSession OpenSession(Principal principal, SessionContext context, DropBoxSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return new DropBoxSession(_services, principal, context, options);
    }
}
