using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Events;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>"events list|retry": the upload events in the catalog's outbox, of every node (the server need not run).</summary>
public static class EventsCommand
{
    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

    public static Command Create(CliContext context, IReadOnlyList<string> overrides) =>
        new("events", "Read the upload events and send failed ones again.")
        {
            List(context, overrides),
            Retry(context, overrides),
        };

    private static Command List(CliContext context, IReadOnlyList<string> overrides)
    {
        var pending = new Option<bool>("--pending") { Description = "Only events not yet confirmed by their sink (waiting or being retried)." };
        var failed = new Option<bool>("--failed") { Description = "Only events that failed for the whole retry time (events retry sends them again)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of a table." };
        var command = new Command("list", "List events (id, sink, state, upload time, site, path, last error), oldest first; with --pending and --failed, both.")
        {
            pending, failed, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var states = new List<EventState>();
            if (parseResult.GetValue(pending))
            {
                states.Add(EventState.Pending);
            }

            if (parseResult.GetValue(failed))
            {
                states.Add(EventState.Failed);
            }

            await using var services = await ServicesAsync(context, overrides, cancellationToken);
            var events = await services.GetRequiredService<EventOutbox>().ListAsync(states, cancellationToken);
            if (parseResult.GetValue(json))
            {
                foreach (var outboxEvent in events)
                {
                    await context.Output.WriteLineAsync(JsonSerializer.Serialize(
                        new { outboxEvent.Id, outboxEvent.Sink, State = outboxEvent.State.ToString().ToLowerInvariant(), outboxEvent.Kind, outboxEvent.CreatedUtc, outboxEvent.DeliveredFile, outboxEvent.LastError, outboxEvent.Receipt },
                        JsonLines));
                }

                return ExitCodes.Ok;
            }

            if (events.Count == 0)
            {
                await context.Output.WriteLineAsync("No events match.");
                return ExitCodes.Ok;
            }

            await TextTable.WriteAsync(context.Output, ["EVENT", "SINK", "STATE", "QUEUED (UTC)", "SITE", "PATH", "LAST ERROR"], [.. events.Select(Row)]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Retry(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = new Argument<string>("id") { Description = "The event id (events list --failed)." };
        var command = new Command("retry", "Put a failed event back into the outbox with a new retry time; a running server sends it within Events:ScanInterval.") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var eventId = parseResult.GetRequiredValue(id);
            if (!EventOutbox.IsId(eventId))
            {
                await context.Error.WriteLineAsync($"\"{Logging.PrintableText.Escape(eventId)}\" is not an event id (events list shows them).");
                return ExitCodes.Usage;
            }

            await using var services = await ServicesAsync(context, overrides, cancellationToken);
            var moved = await services.GetRequiredService<EventOutbox>().RetryAsync(eventId, cancellationToken);
            if (moved == 0)
            {
                await context.Error.WriteLineAsync($"There is no failed event {eventId}.");
                return ExitCodes.Error;
            }

            await context.Output.WriteLineAsync($"Event {eventId} is pending again ({moved} sink{(moved == 1 ? "" : "s")}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<ServiceProvider> ServicesAsync(CliContext context, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        var services = CliSettings.Load(context, overrides).DropBoxServices();
        try
        {
            await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(cancellationToken);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    private static string[] Row(OutboxEvent outboxEvent) =>
    [
        outboxEvent.Id,
        outboxEvent.Sink,
        outboxEvent.State.ToString().ToLowerInvariant(),
        outboxEvent.CreatedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        outboxEvent.Receipt.Site,
        outboxEvent.Receipt.Path,
        outboxEvent.LastError ?? "-",
    ];
}
