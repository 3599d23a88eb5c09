using System.Text.Json;
using System.Text.Json.Nodes;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Maintenance;
using EcurepServer.Core.Sessions;
using EcurepServer.Hosting;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Management;
using EcurepServer.Transcripts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcurepServer.Testing;

/// <summary>
/// An EcurepServer replica running in this process, with the executable's own host (configuration, sites,
/// listeners, drop box), on 127.0.0.1 and OS-chosen ports in a directory of its own:
/// <code>await using var replica = await EcurepReplica.StartAsync();</code>
/// Disposing stops it and removes the temp directory.
/// </summary>
public sealed class EcurepReplica : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsRoot;
    private readonly UploadCatalog _catalog;

    private EcurepReplica(IHost host, string root, bool ownsRoot, string? managementToken)
    {
        _host = host;
        _ownsRoot = ownsRoot;
        RootDirectory = root;
        _catalog = host.Services.GetRequiredService<UploadCatalog>();
        var facts = host.Services.GetRequiredService<ServerFacts>().Describe();
        Sites = facts.Sites.ToDictionary(
            site => site.Key,
            site => new ReplicaSite(
                site.Key,
                site.Value.FtpsPort ?? 0,
                site.Value.SftpPort ?? 0,
                site.Value.LegacyPort ?? 0,
                [.. site.Value.FtpsCertificates.Select(certificate => certificate.Sha256)]),
            StringComparer.OrdinalIgnoreCase);
        SshHostKeyFingerprints = [.. facts.SshHostKeys.Select(key => $"{key.Type} {key.Sha256}")];
        ManagementUrl = host.Services.GetRequiredService<ManagementService>().Address;
        Faults = new ReplicaFaults(host.Services.GetRequiredService<FaultRegistry>());
        ManagementToken = ManagementUrl is null ? null : managementToken;
    }

    /// <summary>The replica's root directory: config/, data/ (uploads, receipts), certs/.</summary>
    public string RootDirectory { get; }

    /// <summary>The data directory: uploads/, receipts.jsonl.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The sites by name ("Europe", "AsiaPacific", "Americas" with the shipped configuration).</summary>
    public IReadOnlyDictionary<string, ReplicaSite> Sites { get; }

    /// <summary>The SSH host keys as OpenSSH shows them: "ssh-ed25519 SHA256:...".</summary>
    public IReadOnlyList<string> SshHostKeyFingerprints { get; }

    /// <summary>The management endpoint, when <see cref="EcurepReplicaOptions.EnableManagement"/> was set.</summary>
    public Uri? ManagementUrl { get; }

    /// <summary>The bearer token of the management endpoint, when it runs.</summary>
    public string? ManagementToken { get; }

    /// <summary>Every delivered upload so far, oldest first.</summary>
    public IReadOnlyList<DeliveredUpload> Uploads => GetUploadsAsync().GetAwaiter().GetResult();

    /// <summary>The fault rules: <c>using var fault = replica.Faults.Add(...)</c> makes the replica fail on purpose until disposed.</summary>
    public ReplicaFaults Faults { get; }

    /// <summary>The connected sessions now (id, site, protocol, client, account once logged in, start, bytes in flight and uploads in progress), as GET /sessions/active lists them.</summary>
    public IReadOnlyList<ActiveSession> Sessions =>
        ActiveSession.List(_host.Services.GetRequiredService<LiveSessions>().Connected, _host.Services.GetRequiredService<DropBox>().UploadsInProgress);

    /// <summary>Starts a replica; <paramref name="configure"/> changes its options first.</summary>
    public static async Task<EcurepReplica> StartAsync(Action<EcurepReplicaOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new EcurepReplicaOptions();
        configure?.Invoke(options);
        var ownsRoot = options.RootDirectory is null;
        var root = options.RootDirectory ?? Directory.CreateTempSubdirectory("ecurep-replica-").FullName;
        IHost? host = null;
        try
        {
            var sites = WriteConfiguration(root, options);
            host = EcurepHost.Build(root, Overrides(sites, options));
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return new EcurepReplica(host, root, ownsRoot, options.ManagementToken);
        }
        catch
        {
            host?.Dispose();
            if (ownsRoot)
            {
                Directory.Delete(root, recursive: true);
            }

            throw;
        }
    }

    /// <summary>Creates a Transfer ID (a generated one when <paramref name="id"/> is null) with the password given or a generated one, and optionally an authorized OpenSSH public key line.</summary>
    public async Task<ReplicaAccount> AddAccountAsync(string? id = null, string? password = null, string? publicKey = null, CancellationToken cancellationToken = default)
    {
        var accounts = _host.Services.GetRequiredService<AccountStore>();
        id ??= "E-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));
        password ??= AccountStore.GeneratePassword();
        var added = await accounts.AddAsync(id, password, cancellationToken).ConfigureAwait(false);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(added.Message);
        }

        if (publicKey is not null)
        {
            var key = await accounts.AddKeyAsync(id, publicKey, cancellationToken).ConfigureAwait(false);
            if (!key.Succeeded)
            {
                throw new InvalidOperationException(key.Message);
            }
        }

        return new ReplicaAccount(id, password);
    }

    /// <summary>Every delivered upload so far, oldest first.</summary>
    public async Task<IReadOnlyList<DeliveredUpload>> GetUploadsAsync(CancellationToken cancellationToken = default) =>
        [.. (await _catalog.ListAsync(new UploadQuery(), cancellationToken).ConfigureAwait(false)).Select(entry => new DeliveredUpload(_catalog, entry))];

    /// <summary>The first upload, delivered already or within <paramref name="timeout"/>, that <paramref name="predicate"/> accepts.</summary>
    /// <exception cref="TimeoutException">None came in time.</exception>
    public async Task<DeliveredUpload> WaitForUploadAsync(Func<DeliveredUpload, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var found = await _catalog.WaitAsync(entry => predicate(new DeliveredUpload(_catalog, entry)), timeout, cancellationToken).ConfigureAwait(false);
        return found is null
            ? throw new TimeoutException($"No matching upload was delivered within {timeout}; delivered: {string.Join(", ", Uploads)}")
            : new DeliveredUpload(_catalog, found);
    }

    /// <summary>Deletes every upload, partial upload and receipt (and with <paramref name="accounts"/> every Transfer ID); with <paramref name="force"/> even while uploads are in progress.</summary>
    /// <exception cref="InvalidOperationException">Uploads are in progress and <paramref name="force"/> is not set.</exception>
    public async Task ResetAsync(bool accounts = false, bool force = false, CancellationToken cancellationToken = default)
    {
        var result = await _host.Services.GetRequiredService<DropBoxReset>().ResetAsync(accounts, force, cancellationToken).ConfigureAwait(false);
        if (result.Refused)
        {
            throw new InvalidOperationException($"Uploads are in progress: {string.Join(", ", result.InProgress)}");
        }
    }

    /// <summary>Stops the replica (running transfers get the grace period) and removes its temp directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
            if (_ownsRoot)
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
        }
    }

    /// <summary>The shipped configuration and dialects (carried in this assembly) into config/, quietly logging; returns the site names.</summary>
    private static List<string> WriteConfiguration(string root, EcurepReplicaOptions options)
    {
        var assembly = typeof(EcurepReplica).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith("config/", StringComparison.Ordinal)))
        {
            var target = Path.Combine(root, resource);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var source = assembly.GetManifestResourceStream(resource)!;
            using var file = File.Create(target);
            source.CopyTo(file);
        }

        var settingsPath = Path.Combine(root, "config", "appsettings.json");
        var settings = JsonNode.Parse(File.ReadAllText(settingsPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        settings["Serilog"] = new JsonObject
        {
            ["MinimumLevel"] = options.MinimumLogLevel,
            ["WriteTo"] = new JsonArray(new JsonObject { ["Name"] = "Console" }),
        };
        File.WriteAllText(settingsPath, settings.ToJsonString());
        return [.. settings["EcurepServer"]?["Sites"]?.AsObject().Select(site => site.Key) ?? []];
    }

    private static List<string> Overrides(IEnumerable<string> sites, EcurepReplicaOptions options)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Pbkdf2Iterations"] = "10000",
            ["DropBox:FailedLoginDelay"] = "00:00:00",
        };
        foreach (var site in sites)
        {
            settings[$"Sites:{site}:Ftps:BindAddress"] = "127.0.0.1";
            settings[$"Sites:{site}:Ftps:Port"] = "0";
            settings[$"Sites:{site}:Ftps:PassivePortMin"] = "0";
            settings[$"Sites:{site}:Ftps:PassivePortMax"] = "0";
            settings[$"Sites:{site}:LegacyPlain:Port"] = "0";
            settings[$"Sites:{site}:Ssh:BindAddress"] = "127.0.0.1";
            settings[$"Sites:{site}:Ssh:Port"] = "0";
        }

        if (options.EnableManagement)
        {
            settings["Management:Enabled"] = "true";
            settings["Management:Url"] = "http://127.0.0.1:0";
            settings["Management:Token"] = options.ManagementToken;
        }

        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        return [.. settings.Select(setting => $"--EcurepServer:{setting.Key}={setting.Value}")];
    }
}
