namespace EcurepServer.Core.Configuration;

/// <summary>
/// Upload events, bound from <c>EcurepServer:Events</c>: each delivered upload becomes one event per sink that serves
/// its site, kept in the outbox (<c>&lt;DataDirectory&gt;/events</c>) until the sink confirmed it or it failed for
/// <see cref="RetryFor"/>.
/// </summary>
public sealed class EventOptions
{
    public const string SectionName = "EcurepServer:Events";

    private static readonly TimeSpan MaxRetryForLimit = TimeSpan.FromDays(30);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>The sinks by name (letters, digits, - and _): a webhook or a command each.</summary>
    public Dictionary<string, EventSinkOptions> Sinks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long after its upload an event is retried before it counts as failed (until <c>events retry</c>).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry's delay; each further one doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the outbox is read again for events put back by <c>events retry</c>.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the record of a delivered event is kept (for <c>events list</c>).</summary>
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The sinks that take the events of <paramref name="site"/>, by name.</summary>
    public IEnumerable<string> SinksFor(string site) =>
        Sinks.Where(sink => sink.Value.Sites.Length == 0 || sink.Value.Sites.Contains(site, StringComparer.OrdinalIgnoreCase)).Select(sink => sink.Key);

    /// <summary>Every problem with these settings, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, sink) in Sinks)
        {
            var key = $"{SectionName}:Sinks:{name}";
            if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                errors.Add($"{key}: the name must be 1 to 64 letters, digits, - and _.");
            }

            if (sink is null)
            {
                errors.Add($"{key}:Type must be webhook or command.");
                continue;
            }

            switch (sink.Type)
            {
                case EventSinkOptions.WebhookType:
                    if (!Uri.TryCreate(sink.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                    {
                        errors.Add($"{key}:Url: '{sink.Url}' is not an http:// or https:// URL.");
                    }

                    if (sink.Secret.Length < 16)
                    {
                        errors.Add($"{key}:Secret: must be at least 16 characters (the HMAC-SHA256 key of the signature header).");
                    }

                    break;
                case EventSinkOptions.CommandType:
                    if (string.IsNullOrWhiteSpace(sink.Command))
                    {
                        errors.Add($"{key}:Command must name the program to run.");
                    }

                    break;
                default:
                    errors.Add($"{key}:Type must be webhook or command, not '{sink.Type}'.");
                    break;
            }

            if (sink.Timeout <= TimeSpan.Zero || sink.Timeout > MaxTimeout)
            {
                errors.Add($"{key}:Timeout must be positive and at most 01:00:00, not {sink.Timeout}.");
            }
        }

        if (RetryFor <= TimeSpan.Zero || RetryFor > MaxRetryForLimit)
        {
            errors.Add($"{SectionName}:RetryFor must be positive and at most {MaxRetryForLimit.Days}.00:00:00, not {RetryFor}.");
        }

        if (FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            errors.Add($"{SectionName}:FirstRetryDelay must be positive and at most MaxRetryDelay, not {FirstRetryDelay} (MaxRetryDelay {MaxRetryDelay}).");
        }

        if (ScanInterval <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:ScanInterval must be positive, not {ScanInterval}.");
        }

        if (DeliveredRetention <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:DeliveredRetention must be positive, not {DeliveredRetention}.");
        }

        return errors;
    }
}

/// <summary>One event sink: a webhook (POST of the receipt, signed) or a command (the receipt on standard input).</summary>
public sealed class EventSinkOptions
{
    public const string WebhookType = "webhook";
    public const string CommandType = "command";

    public string Type { get; set; } = string.Empty;

    /// <summary>The sites whose uploads this sink takes; empty: every site.</summary>
    public string[] Sites { get; set; } = [];

    /// <summary>webhook: where the events are posted.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>webhook: the key of the X-Ecurep-Signature header (sha256=HMAC-SHA256 of the body, hex).</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>command: the program to run (its own path; no shell).</summary>
    public string Command { get; set; } = string.Empty;

    /// <summary>command: its arguments.</summary>
    public string[] Arguments { get; set; } = [];

    /// <summary>How long one attempt may take (the HTTP request, the command's run) before it is cut and retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
