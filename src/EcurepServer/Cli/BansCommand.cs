using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Defender;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Cli;

/// <summary>
/// "bans list|add|remove": the defender's bans in the catalog. A running server reads them again within
/// <c>Catalog:PollInterval</c>, so a ban added or removed here applies there within that interval.
/// </summary>
public static class BansCommand
{
    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

    public static Command Create(CliContext context, IReadOnlyList<string> overrides) =>
        new("bans", "Show and lift the defender's bans of client addresses.")
        {
            List(context, overrides),
            Add(context, overrides),
            Remove(context, overrides),
        };

    private static Command List(CliContext context, IReadOnlyList<string> overrides)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of a table." };
        var command = new Command("list", "List the addresses banned now (address or IPv6 network, since, until, the how-many-th ban, why), soonest to end first.") { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = CliSettings.Load(context, overrides).DropBoxServices();
            await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(cancellationToken);
            var bans = await services.GetRequiredService<ClientDefender>().BansAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                foreach (var ban in bans)
                {
                    await context.Output.WriteLineAsync(JsonSerializer.Serialize(ban, JsonLines));
                }

                return ExitCodes.Ok;
            }

            if (bans.Count == 0)
            {
                await context.Output.WriteLineAsync("No address is banned.");
                return ExitCodes.Ok;
            }

            await TextTable.WriteAsync(
                context.Output,
                ["address", "since", "until", "ban", "reason"],
                [.. bans.Select(ban => (IReadOnlyList<string>)[ban.Network, Time(ban.BannedUtc), Time(ban.UntilUtc), ban.Offences.ToString(CultureInfo.InvariantCulture), ban.Reason])]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(CliContext context, IReadOnlyList<string> overrides)
    {
        var address = new Argument<string>("address") { Description = "The address to ban (an IPv6 address names its /64), or a network such as 192.0.2.0/24 (at most Defender:Ipv4WidestBan/Ipv6WidestBan wide)." };
        var length = new Option<string?>("--for") { Description = "How long: 90s, 30m, 2h, 7d or 1.02:00:00 (default Defender:BanTime; at most Defender:MaxBanTime).", HelpName = "duration" };
        var reason = new Option<string?>("--reason") { Description = "Why, as bans list shows it (default: banned by hand)." };
        var command = new Command("add", "Ban an address or network by hand; a running server refuses it within Catalog:PollInterval.") { address, length, reason };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetRequiredValue(address);
            TimeSpan? duration = null;
            if (parseResult.GetValue(length) is { } text)
            {
                duration = TimeArgument.Duration(text);
                if (duration is null)
                {
                    await context.Error.WriteLineAsync($"--for: \"{text}\" is not a duration (90s, 30m, 2h, 7d, 1.02:00:00).");
                    return ExitCodes.Usage;
                }
            }

            await using var services = CliSettings.Load(context, overrides).DropBoxServices();
            await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(cancellationToken);
            try
            {
                var ban = await services.GetRequiredService<ClientDefender>().BanAsync(target, duration, parseResult.GetValue(reason), cancellationToken);
                await context.Output.WriteLineAsync($"Banned {ban.Network} until {Time(ban.UntilUtc)}.");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                await context.Error.WriteLineAsync(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static Command Remove(CliContext context, IReadOnlyList<string> overrides)
    {
        var address = new Argument<string>("address") { Description = "The banned address (an IPv6 address names its /64), or the network as listed." };
        var command = new Command("remove", "Lift the ban of an address; a running server lets it in at its next connection.") { address };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetRequiredValue(address);
            await using var services = CliSettings.Load(context, overrides).DropBoxServices();
            await services.GetRequiredService<CatalogStartup>().EnsureReadyAsync(cancellationToken);
            try
            {
                if (await services.GetRequiredService<ClientDefender>().LiftAsync(target, cancellationToken) is not { } lifted)
                {
                    await context.Error.WriteLineAsync($"{target} is not banned.");
                    return ExitCodes.Error;
                }

                await context.Output.WriteLineAsync($"Lifted the ban of {lifted.Network}.");
                return ExitCodes.Ok;
            }
            catch (FormatException e)
            {
                await context.Error.WriteLineAsync(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
