using System.CommandLine;
using EcurepServer.Core.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>"catalog migrate": brings the catalog's schema up to date (and imports a pre-catalog data directory once), as the server does at start.</summary>
public static class CatalogCommand
{
    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var migrate = new Command("migrate", "Apply the catalog's schema migrations not applied yet and import receipts.jsonl, deletions.jsonl, bans.json and the accounts file once, as the server does at start; running it again changes nothing.");
        migrate.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = CliSettings.Load(context, overrides).DropBoxServices();
            var store = services.GetRequiredService<ICatalogStore>();
            var startup = services.GetRequiredService<CatalogStartup>();
            var applied = await startup.MigrateAsync(cancellationToken);
            await startup.EnsureReadyAsync(cancellationToken);
            foreach (var migration in applied)
            {
                await context.Output.WriteLineAsync($"Applied migration {migration.Version}: {migration.Description}");
            }

            var version = await store.SchemaVersionAsync(cancellationToken);
            await context.Output.WriteLineAsync($"Catalog {store.Provider} at {store.Location}: schema version {version} of {store.Migrations.Count}{(applied.Count == 0 ? ", already up to date" : "")}.");
            return ExitCodes.Ok;
        });
        return new Command("catalog", "Manage the catalog (accounts, receipts, upload claims, locks, bans).") { migrate };
    }
}
