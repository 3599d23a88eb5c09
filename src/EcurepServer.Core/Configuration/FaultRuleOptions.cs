using System.Globalization;
using EcurepServer.Core.Faults;

namespace EcurepServer.Core.Configuration;

/// <summary>One fault rule as configuration, the management API and the CLI write it; <see cref="ToRule"/> checks and converts it.</summary>
public sealed class FaultRuleOptions
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    public string? Site { get; set; }

    /// <summary>ftps, ftp (the legacy plain listener) or sftp.</summary>
    public string? Protocol { get; set; }

    /// <summary>An account name, or a pattern with * and ?.</summary>
    public string? Account { get; set; }

    /// <summary>A client address or network (CIDR).</summary>
    public string? Client { get; set; }

    public string? Point { get; set; }

    public string? Action { get; set; }

    /// <summary>reply: an FTP reply code (100-599) or an SFTP status code (0-99).</summary>
    public int? Code { get; set; }

    /// <summary>reply and corrupt-reply: the text sent.</summary>
    public string? Text { get; set; }

    /// <summary>delay: how long to stall.</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>throttle: the upload rate cap.</summary>
    public long? BytesPerSecond { get; set; }

    /// <summary>disconnect: false closes without TLS close_notify or SSH DISCONNECT.</summary>
    public bool Graceful { get; set; } = true;

    public int? Times { get; set; }

    public double Probability { get; set; } = 1;

    public int? Seed { get; set; }

    public TimeSpan? ExpiresAfter { get; set; }

    /// <summary>The options that <see cref="ToRule"/> turns back into <paramref name="rule"/> (the form the catalog keeps a shared rule in).</summary>
    public static FaultRuleOptions From(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var action = rule.Action;
        return new FaultRuleOptions
        {
            Site = rule.Match.Site,
            Protocol = rule.Match.Protocol,
            Account = rule.Match.Account,
            Client = rule.Match.Client?.ToString(),
            Point = rule.Point.ToString(),
            Action = FaultActionNames.Name(action.Kind),
            Code = action.Kind == FaultActionKind.Reply || action.Code != 0 ? action.Code : null,
            Text = action.Text,
            Delay = action.Duration != TimeSpan.Zero ? action.Duration : null,
            BytesPerSecond = action.BytesPerSecond != 0 ? action.BytesPerSecond : null,
            Graceful = action.Graceful,
            Times = rule.Times,
            Probability = rule.Probability,
            Seed = rule.Seed,
            ExpiresAfter = rule.ExpiresAfter,
        };
    }

    /// <summary>The rule, or every problem, each naming its key below <paramref name="key"/>.</summary>
    public FaultRule? ToRule(string id, string key, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var point = FaultPoint.Parse(Point, out var pointProblem);
        if (pointProblem is not null)
        {
            errors.Add($"{key}:Point {pointProblem}.");
        }

        var kind = FaultActionNames.Parse(Action);
        if (kind == FaultActionKind.None)
        {
            errors.Add($"{key}:Action must be one of {string.Join(", ", FaultActionNames.All)}, not '{Action}'.");
        }

        CheckValues(kind, key, errors);
        if (Protocol is not null && Protocol is not ("ftps" or "ftp" or "sftp"))
        {
            errors.Add($"{key}:Protocol must be ftps, ftp or sftp, not '{Protocol}'.");
        }

        System.Net.IPNetwork? client = null;
        if (Client is not null)
        {
            if (FaultMatch.TryParseClient(Client, out var network))
            {
                client = network;
            }
            else
            {
                errors.Add($"{key}:Client '{Client}' is not an IP address or a network such as 192.0.2.0/24.");
            }
        }

        if (Account is { Length: 0 })
        {
            errors.Add($"{key}:Account must not be empty; leave it out to match every account.");
        }

        if (Times is <= 0)
        {
            errors.Add($"{key}:Times must be at least 1, not {Times}; leave it out for no limit.");
        }

        if (double.IsNaN(Probability) || Probability <= 0 || Probability > 1)
        {
            errors.Add($"{key}:Probability must be above 0 and at most 1, not {Probability.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (ExpiresAfter is { } ttl && ttl <= TimeSpan.Zero)
        {
            errors.Add($"{key}:ExpiresAfter must be positive, not {ttl}.");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var action = new FaultAction(kind, Code ?? 0, Text, Delay ?? TimeSpan.Zero, BytesPerSecond ?? 0, Graceful);
        return new FaultRule(
            new FaultMatch(Blank(Site), Blank(Protocol), Account, client), point!, action, Times, Probability, Seed, ExpiresAfter)
        { Id = id };
    }

    private void CheckValues(FaultActionKind kind, string key, List<string> errors)
    {
        if (kind == FaultActionKind.Reply && Code is not (>= 0 and < 100 or >= 100 and <= 599))
        {
            errors.Add($"{key}:Code must be an FTP reply code (100-599) or an SFTP status code (0-99) for reply, not {Code?.ToString(CultureInfo.InvariantCulture) ?? "unset"}.");
        }

        if (kind == FaultActionKind.Delay && (Delay is not { } delay || delay <= TimeSpan.Zero || delay > MaxDelay))
        {
            errors.Add($"{key}:Delay must be between 00:00:00 and {MaxDelay} (exclusive of 0) for delay, not {Delay?.ToString() ?? "unset"}.");
        }

        if (kind == FaultActionKind.Throttle && BytesPerSecond is not > 0)
        {
            errors.Add($"{key}:BytesPerSecond must be a positive number of bytes for throttle, not {BytesPerSecond?.ToString(CultureInfo.InvariantCulture) ?? "unset"}.");
        }

        if (Text is { } text && text.Any(c => c is '\r' or '\n' || char.IsControl(c)))
        {
            errors.Add($"{key}:Text must be one line without control characters.");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
