using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EcurepServer.Core.Configuration;
using EcurepServer.Management;

namespace EcurepServer.Cli;

/// <summary>
/// "faults add|list|clear": the running server's fault rules, through its management endpoint (Management:Url and
/// the token from --token, $ECUREP_MANAGEMENT_TOKEN or Management:Token).
/// </summary>
public static class FaultsCommand
{
    public const string TokenVariable = "ECUREP_MANAGEMENT_TOKEN";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create(CliContext context, IReadOnlyList<string> overrides)
    {
        var url = new Option<string?>("--url") { Description = "The management endpoint (default: EcurepServer:Management:Url).", HelpName = "http://address:port", Recursive = true };
        var token = new Option<string?>("--token") { Description = $"The management token (default: ${TokenVariable}, else EcurepServer:Management:Token).", Recursive = true };
        var command = new Command("faults", "Inject faults into the running server (through its management endpoint).") { url, token };
        command.Subcommands.Add(Add(context, overrides, url, token));
        command.Subcommands.Add(List(context, overrides, url, token));
        command.Subcommands.Add(Clear(context, overrides, url, token));
        return command;
    }

    private static Command Add(CliContext context, IReadOnlyList<string> overrides, Option<string?> url, Option<string?> token)
    {
        var id = new Option<string?>("--id") { Description = "The rule's name (default: fault-N)." };
        var point = new Option<string>("--point") { Description = "connect, tls-handshake, login, kex, auth, channel-open, an FTP command (STOR), an SFTP request (open) or \"after-bytes N\".", Required = true };
        var action = new Option<string>("--action") { Description = "reply, delay, disconnect, reset-data, throttle, disk-full, refuse-login or corrupt-reply.", Required = true };
        var site = new Option<string?>("--site") { Description = "Only this site." };
        var protocol = new Option<string?>("--protocol") { Description = "Only ftps, ftp or sftp." };
        var account = new Option<string?>("--account") { Description = "Only this account (* and ? match any text and any character)." };
        var client = new Option<string?>("--client") { Description = "Only this client address or network (CIDR)." };
        var code = new Option<int?>("--code") { Description = "reply: an FTP reply code (100-599) or an SFTP status code (0-99)." };
        var text = new Option<string?>("--text") { Description = "reply, corrupt-reply: the text sent." };
        var delay = new Option<TimeSpan?>("--delay") { Description = "delay: how long, as hh:mm:ss." };
        var rate = new Option<long?>("--bytes-per-second") { Description = "throttle: the upload rate." };
        var abrupt = new Option<bool>("--abrupt") { Description = "disconnect: without TLS close_notify or SSH DISCONNECT." };
        var times = new Option<int?>("--times") { Description = "Fire at most this often." };
        var probability = new Option<double?>("--probability") { Description = "Fire with this probability (0 to 1) at each matching point." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the probability's draws, for a run that repeats." };
        var expires = new Option<TimeSpan?>("--expires-after") { Description = "Remove the rule's effect after this long, as hh:mm:ss." };
        var command = new Command("add", "Add a fault rule; prints its id.")
        {
            id, point, action, site, protocol, account, client, code, text, delay, rate, abrupt, times, probability, seed, expires,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(context, overrides, parse, url, token, async http =>
        {
            var rule = new FaultRuleOptions
            {
                Point = parse.GetValue(point),
                Action = parse.GetValue(action),
                Site = parse.GetValue(site),
                Protocol = parse.GetValue(protocol),
                Account = parse.GetValue(account),
                Client = parse.GetValue(client),
                Code = parse.GetValue(code),
                Text = parse.GetValue(text),
                Delay = parse.GetValue(delay),
                BytesPerSecond = parse.GetValue(rate),
                Graceful = !parse.GetValue(abrupt),
                Times = parse.GetValue(times),
                Probability = parse.GetValue(probability) ?? 1,
                Seed = parse.GetValue(seed),
                ExpiresAfter = parse.GetValue(expires),
            };
            var query = parse.GetValue(id) is { } name ? "?id=" + Uri.EscapeDataString(name) : "";
            using var response = await http.PostAsJsonAsync("faults" + query, rule, Json, cancellationToken);
            if (await FailedAsync(context, response, cancellationToken))
            {
                return ExitCodes.Error;
            }

            var added = await response.Content.ReadFromJsonAsync<FaultResource>(Json, cancellationToken);
            await context.Output.WriteLineAsync(added!.Id);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context, IReadOnlyList<string> overrides, Option<string?> url, Option<string?> token)
    {
        var command = new Command("list", "The fault rules and how often each fired.");
        command.SetAction((parse, cancellationToken) => RunAsync(context, overrides, parse, url, token, async http =>
        {
            using var response = await http.GetAsync("faults", cancellationToken);
            if (await FailedAsync(context, response, cancellationToken))
            {
                return ExitCodes.Error;
            }

            var rules = await response.Content.ReadFromJsonAsync<List<FaultResource>>(Json, cancellationToken) ?? [];
            await TextTable.WriteAsync(
                context.Output,
                ["ID", "POINT", "ACTION", "MATCH", "FIRED"],
                [.. rules.Select(rule => (IReadOnlyList<string>)[rule.Id, rule.Point, Describe(rule), Match(rule), Fired(rule)])]);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Clear(CliContext context, IReadOnlyList<string> overrides, Option<string?> url, Option<string?> token)
    {
        var id = new Argument<string?>("id") { Description = "Only this rule (default: every rule).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("clear", "Remove one fault rule, or all.") { id };
        command.SetAction((parse, cancellationToken) => RunAsync(context, overrides, parse, url, token, async http =>
        {
            var one = parse.GetValue(id);
            using var response = await http.DeleteAsync(one is null ? "faults" : "faults/" + Uri.EscapeDataString(one), cancellationToken);
            if (await FailedAsync(context, response, cancellationToken))
            {
                return ExitCodes.Error;
            }

            await context.Output.WriteLineAsync(one is null
                ? $"Removed {(await response.Content.ReadFromJsonAsync<FaultsCleared>(Json, cancellationToken))!.Removed} fault rules."
                : $"Removed fault rule {one}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context, IReadOnlyList<string> overrides, ParseResult parse, Option<string?> url, Option<string?> token, Func<HttpClient, Task<int>> call)
    {
        var management = CliSettings.Load(context, overrides).Options.Management;
        var address = parse.GetValue(url) ?? management.Url;
        var secret = parse.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable) ?? management.Token;
        if (!Uri.TryCreate(address.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress))
        {
            await context.Error.WriteLineAsync($"'{address}' is not a URL of the management endpoint.");
            return ExitCodes.Usage;
        }

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (secret.Length > 0)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        try
        {
            return await call(http);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await context.Error.WriteLineAsync($"The management endpoint at {baseAddress} cannot be reached ({e.Message}); is the server running with EcurepServer:Management:Enabled?");
            return ExitCodes.Error;
        }
    }

    /// <summary>Prints the API's problem (its detail) and returns true when the request failed.</summary>
    private static async Task<bool> FailedAsync(CliContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return false;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string detail;
        try
        {
            detail = JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var value) ? value.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            detail = body;
        }

        await context.Error.WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
        return true;
    }

    private static string Describe(FaultResource rule) => rule.Action switch
    {
        "reply" => $"reply {rule.Code} {rule.Text}".TrimEnd(),
        "delay" => $"delay {rule.Delay}",
        "throttle" => $"throttle {rule.BytesPerSecond} B/s",
        "disconnect" when !rule.Graceful => "disconnect (abrupt)",
        _ => rule.Action,
    };

    private static string Match(FaultResource rule)
    {
        string?[] parts = [rule.Site, rule.Protocol, rule.Account, rule.Client];
        var shown = string.Join(" ", parts.Where(part => part is not null));
        return shown.Length == 0 ? "*" : shown;
    }

    private static string Fired(FaultResource rule)
    {
        var fired = rule.Fired.ToString(CultureInfo.InvariantCulture);
        return rule.Times is { } times ? $"{fired}/{times.ToString(CultureInfo.InvariantCulture)}" : fired;
    }
}
