using System.Net;
using EcurepServer.Catalog.Sqlite;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

public sealed class OptionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Defaults_are_safe()
    {
        var dropBox = new DropBoxOptions();
        Assert.Equal(100L * 1024 * 1024 * 1024, dropBox.MaxUploadBytes);
        Assert.Equal(TimeSpan.FromSeconds(1), dropBox.FailedLoginDelay);
        Assert.Equal(210_000, new AccountOptions().Pbkdf2Iterations);
    }

    [Fact]
    public void Transcripts_are_on_by_default_kept_as_long_as_uploads_and_their_bounds_are_checked()
    {
        var defaults = new TranscriptOptions();
        Assert.True(defaults.Enabled);
        Assert.Equal(TimeSpan.FromDays(7), defaults.RetentionOr(new DropBoxOptions().Retention));
        Assert.Empty(defaults.Validate());

        var errors = new TranscriptOptions { Retention = TimeSpan.FromSeconds(59), MaxQueuedEvents = 15 }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("EcurepServer:Transcripts:Retention must be between", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("EcurepServer:Transcripts:MaxQueuedEvents must be between", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_names_the_keys()
    {
        var errors = new DropBoxOptions
        {
            Products = ["aix", "a/b", ".hidden", "aix", "0-README.txt", ""],
            MaxUploadBytes = 0,
            FailedLoginDelay = TimeSpan.FromMinutes(5),
            Quota = new QuotaOptions { AccountBytesPerDay = -1, AnonymousBytesPerDay = -2 },
        }.Validate();

        Assert.Contains(errors, e => e.StartsWith("EcurepServer:DataDirectory ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:DropBox:Products:1 \"a/b\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:DropBox:Products:2 \".hidden\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:DropBox:Products:3 \"aix\" is listed twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:DropBox:Products:4 \"0-README.txt\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:DropBox:Products:5 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:DropBox:MaxUploadBytes ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EcurepServer:DropBox:FailedLoginDelay ", StringComparison.Ordinal));
        Assert.Contains("EcurepServer:DropBox:Quota:AccountBytesPerDay must be 0 (no quota) or a positive number of bytes, not -1.", errors);
        Assert.Contains("EcurepServer:DropBox:Quota:AnonymousBytesPerDay must be 0 (no quota) or a positive number of bytes, not -2.", errors);
        Assert.Equal(10, errors.Count);

        var noProducts = new DropBoxOptions { DataDirectory = "d" }.Validate();
        Assert.Equal("EcurepServer:DropBox:Products must list at least one product directory (for example \"aix\").", Assert.Single(noProducts));

        var accounts = new AccountOptions { Pbkdf2Iterations = 10 }.Validate();
        Assert.Contains(accounts, e => e.StartsWith("EcurepServer:AccountsFile ", StringComparison.Ordinal));
        Assert.Contains(accounts, e => e.StartsWith("EcurepServer:Pbkdf2Iterations ", StringComparison.Ordinal));
    }

    [Fact]
    public void Binds_the_shipped_appsettings()
    {
        using var services = Build([]);

        var dropBox = services.GetRequiredService<IOptions<DropBoxOptions>>().Value;
        Assert.Equal(_directory.Path, dropBox.DataDirectory);
        Assert.Equal(13, dropBox.Products.Length);
        Assert.Equal("aix", dropBox.Products[0]);
        Assert.Equal(["Please read toibm/0-README.txt for information."], dropBox.ToibmNotice);
        Assert.StartsWith("Welcome to toibm.", dropBox.ReadmeText, StringComparison.Ordinal);
        Assert.Equal(107374182400, dropBox.MaxUploadBytes);
        Assert.Equal(TimeSpan.FromSeconds(1), dropBox.FailedLoginDelay);
        Assert.Equal(200L * 1024 * 1024 * 1024, dropBox.Quota.AccountBytesPerDay);
        Assert.Equal(20L * 1024 * 1024 * 1024, dropBox.Quota.AnonymousBytesPerDay);

        var accounts = services.GetRequiredService<IOptions<AccountOptions>>().Value;
        Assert.Equal("config/accounts.json", accounts.AccountsFile);
        Assert.Equal(210_000, accounts.Pbkdf2Iterations);

        Assert.True(services.GetRequiredService<ISitePolicy>().AllowsAnonymous("Europe"));
        Assert.True(services.GetRequiredService<ISitePolicy>().AllowsAnonymous("Americas"));
        Assert.False(services.GetRequiredService<ISitePolicy>().AllowsAnonymous("Nowhere"));
    }

    [Fact]
    public async Task Registration_wires_a_working_drop_box()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["EcurepServer:AccountsFile"] = _directory.Combine("accounts.json"),
            ["EcurepServer:Pbkdf2Iterations"] = "10000",
        });
        services.GetRequiredService<IStartupValidator>().Validate();
        await services.GetRequiredService<Catalog.CatalogStartup>().EnsureReadyAsync(CancellationToken.None);

        Assert.Same(services.GetRequiredService<DropBox>(), services.GetRequiredService<IDropBox>());
        Assert.True(Directory.Exists(Path.Combine(_directory.Path, "uploads", "toibm", "websphere")));

        var login = services.GetRequiredService<ILoginService>();
        var context = new SessionContext("s1", "Europe", "ftps", new IPEndPoint(IPAddress.Loopback, 1));
        var result = await login.LoginAsync(context, "anonymous", "lftp@", CancellationToken.None);
        var session = services.GetRequiredService<IDropBox>().OpenSession(result.Principal!, context);

        var upload = (await session.BeginUploadAsync(new Uploads.UploadRequest(DropBoxFixture.P("/toibm/db2/x.bin"), Uploads.UploadMode.Create), CancellationToken.None)).Value!;
        await using (upload)
        {
            await upload.WriteAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
            Assert.True((await upload.CommitAsync(CancellationToken.None)).Succeeded);
        }

        var receipts = await services.GetRequiredService<Catalog.IReceiptCatalog>().QueryAsync(new Catalog.UploadQuery(), CancellationToken.None).ToListAsync();
        Assert.Equal("/toibm/db2/x.bin", Assert.Single(receipts).Receipt.Path);
        Assert.Equal(Path.Combine(_directory.Path, "catalog.db"), services.GetRequiredService<Catalog.ICatalogStore>().Location);

        // The drop box reads the accounts' own quotas from the registered account store.
        var accounts = services.GetRequiredService<AccountStore>();
        Assert.True((await accounts.AddAsync("E-QUOTA0001a", "password-1", CancellationToken.None)).Succeeded);
        Assert.True((await accounts.SetQuotaAsync("E-QUOTA0001a", 5000, CancellationToken.None)).Succeeded);
        var own = services.GetRequiredService<IDropBox>().OpenSession(new Principal("E-QUOTA0001a", IsAnonymous: false), context);
        Assert.Equal(5000, (await own.AllowanceAsync(CancellationToken.None)).QuotaBytesPerDay);
        Assert.Equal(3, (await session.AllowanceAsync(CancellationToken.None)).UsedToday);
    }

    [Fact]
    public void Start_up_validation_reports_bad_values_by_key()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["EcurepServer:DropBox:MaxUploadBytes"] = "-1",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("EcurepServer:DropBox:MaxUploadBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_directory_is_given_by_the_caller_not_read_from_the_hosts_key()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(FindAppSettings(), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EcurepServer:DataDirectory"] = _directory.Path })
            .Build();
        using var services = new ServiceCollection().AddSingleton(typeof(ILogger<>), typeof(NullLogger<>)).AddEcurepCore(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DropBoxOptions>>().Value);
        Assert.Contains("EcurepServer:DataDirectory must name the directory", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Core bound from the shipped appsettings.json plus <paramref name="overrides"/>, given the data directory as the host gives it.</summary>
    [Fact]
    public async Task The_first_start_with_the_catalog_imports_the_event_outbox_of_an_earlier_release()
    {
        using var services = Build(new Dictionary<string, string?> { ["EcurepServer:AccountsFile"] = _directory.Combine("accounts.json") });
        var id = Guid.CreateVersion7().ToString();
        var pending = Path.Combine(_directory.Path, "events", "pending");
        Directory.CreateDirectory(pending);
        var receipt = new Receipts.Receipt("/toibm/aix/x.bin", 3, new string('a', 64), "E-ABCD12345f", false, "Europe", "ftps", "127.0.0.1", "s1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);
        File.WriteAllText(Path.Combine(pending, $"{id}.hook.json"), Events.OutboxEventJson.Serialize(new Events.OutboxEvent(id, "hook", Events.OutboxEvent.UploadDelivered, DateTimeOffset.UnixEpoch, "/data/x.bin", receipt)));

        await services.GetRequiredService<Catalog.CatalogStartup>().EnsureReadyAsync(CancellationToken.None);

        var imported = Assert.Single(await services.GetRequiredService<Events.EventOutbox>().ListAsync([Events.EventState.Pending], CancellationToken.None));
        Assert.Equal((id, "hook", receipt), (imported.Id, imported.Sink, imported.Receipt));
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "events")));
        Assert.True(File.Exists(Path.Combine(_directory.Path, "events.imported", "pending", $"{id}.hook.json")));
    }

    private ServiceProvider Build(Dictionary<string, string?> overrides)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(FindAppSettings(), optional: false)
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddEcurepCore(configuration);
        services.AddSqliteCatalog();
        services.Configure<DropBoxOptions>(options => options.DataDirectory = _directory.Path);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static string FindAppSettings()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "config", "appsettings.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("config/appsettings.json not found above the test directory.");
    }
}
