using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Maintenance;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Ftp.Data;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Metrics;
using EcurepServer.Settings;
using EcurepServer.Transcripts;
using EcurepServer.WebView;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Management;

/// <summary>
/// The management HTTP endpoint (EcurepServer:Management), Kestrel with minimal APIs in the server's process, on the
/// server's own services: started after the listeners, stopped with the server.
/// </summary>
public sealed partial class ManagementService(
    EcurepServerOptions options,
    AppPaths paths,
    ServerFacts facts,
    ReadinessProbe readiness,
    UploadCatalog catalog,
    ClaimedUploads claimed,
    SessionsElsewhere elsewhere,
    DropBox dropBox,
    DropBoxReset reset,
    AccountStore accounts,
    LiveSessions live,
    TranscriptWriter transcripts,
    FaultRegistry faults,
    ClientDefender defender,
    MetricsCollector metrics,
    ServerGauges gauges,
    PassivePortPools passivePorts,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ManagementService>();
    private WebApplication? _app;
    private ReceivedHistory? _history;

    /// <summary>Where the endpoint listens once started (with port 0, the port the OS chose); null while disabled.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var management = options.Management;
        if (!management.Enabled)
        {
            return;
        }

        var token = ManagementToken.Load(management, paths);
        if (token.Generated is { } generated)
        {
            LogTokenGenerated(_logger, generated, ManagementToken.FileName);
        }

        var url = new Uri(management.Url);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "EcurepServer", ContentRootPath = paths.WorkingDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port);
        });
        var services = builder.Services;
        services.AddLogging();
        services.AddSingleton(loggerFactory);
        services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        services.AddRouting();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddSingleton(readiness);
        services.AddSingleton(catalog);
        services.AddSingleton(dropBox);
        services.AddSingleton(claimed);
        services.AddSingleton(elsewhere);
        services.AddSingleton(reset);
        services.AddSingleton(accounts);
        services.AddSingleton(new TranscriptStore(paths.DataDirectory));
        services.AddSingleton(live);
        services.AddSingleton(transcripts);
        services.AddSingleton(faults);
        services.AddSingleton(defender);
        services.AddSingleton(metrics);
        services.AddSingleton(gauges);
        var addressKeys = new ClientAddressKey(defender.NetworkOf);
        services.AddSingleton(new TokenGuessLimit(management.MaxTokenFailures, management.TokenFailureWindow, addressKeys, TimeProvider.System, _logger));
        AddWebView(services, token, management, addressKeys);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        ManagementEndpoints.Map(app, token, management);
        WebViewEndpoints.Map(app, management);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException exception)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"{EcurepServerOptions.SectionName}:Management:Url: cannot listen on {management.Url}: {exception.Message}", exception);
        }

        _app = app;
        _history = app.Services.GetRequiredService<ReceivedHistory>();
        _history.Start();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(bound);
        facts.ManagementUrl = Address.GetLeftPart(UriPartial.Authority);
        LogListening(_logger, facts.ManagementUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _history?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>The web pages' services: sign-in, CSRF tokens sealed with keys of this process only, and what the pages show.</summary>
    private void AddWebView(IServiceCollection services, ManagementToken token, ManagementOptions management, ClientAddressKey addressKeys)
    {
        var keys = new ProcessKeyRepository();
        services.AddDataProtection().SetApplicationName("EcurepServer.WebView");
        services.Configure<KeyManagementOptions>(keyManagement =>
        {
            keyManagement.XmlRepository = keys;
            keyManagement.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.FormFieldName = WebViewEndpoints.CsrfField;
            antiforgery.Cookie.Name = WebViewEndpoints.CsrfCookie;
            antiforgery.Cookie.Path = WebSignIn.Path;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.SuppressXFrameOptionsHeader = true;
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(facts);
        services.AddSingleton(passivePorts);
        services.AddSingleton<ReceivedHistory>();
        services.AddSingleton(provider => new WebSignIn(token, provider.GetRequiredService<IDataProtectionProvider>(), management.WebSignInLifetime, TimeProvider.System));
        services.AddSingleton(new LiveStreamLimit(management.MaxLiveStreams, management.MaxLiveStreamsPerAddress, addressKeys));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Management endpoint listening on {Url}")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated the management token {Token} (shown this once; kept hashed in config/{File}; set EcurepServer:Management:Token to choose one)")]
    private static partial void LogTokenGenerated(ILogger logger, string token, string file);
}
