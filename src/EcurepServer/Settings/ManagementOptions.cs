namespace EcurepServer.Settings;

/// <summary>The management HTTP endpoint ("EcurepServer:Management"): off by default, loopback by default.</summary>
public sealed class ManagementOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8780";

    public bool Enabled { get; set; }

    /// <summary>http://address:port to listen on; port 0 lets the OS choose (the ready file names it).</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>
    /// The bearer token every endpoint but /healthz and /readyz requires. Empty: one is generated on the first enabled
    /// start, printed once and kept hashed in config/management-token.sha256; only a loopback Url allows that.
    /// </summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Whether GET /metrics requires the token too; by default it is open like /healthz (it is read-only and names no account).</summary>
    public bool MetricsRequireToken { get; set; }

    /// <summary>/readyz answers 503 when the data directory's disk has less free space than this.</summary>
    public long MinFreeBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The longest timeout /uploads/wait accepts.</summary>
    public TimeSpan MaxWaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long POST /reset?force=true waits for the sessions it ends to close before it deletes anyway.</summary>
    public TimeSpan SessionEndTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a sign-in to the web pages (/web) lasts; a restart of the server ends it too.</summary>
    public TimeSpan WebSignInLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The most receipts the Arrivals page lists at once (the newest that match its filters).</summary>
    public int WebMaxRows { get; set; } = 500;

    /// <summary>The most receipts GET /uploads returns at once (the newest that match; <c>last</c> asks for fewer).</summary>
    public int MaxListedUploads { get; set; } = 10_000;

    /// <summary>
    /// Wrong tokens one client address may present within <see cref="TokenFailureWindow"/>; after that its requests
    /// that need the token are refused (429) until the window ends, the right token included.
    /// </summary>
    public int MaxTokenFailures { get; set; } = 10;

    /// <summary>The window <see cref="MaxTokenFailures"/> counts in, from an address's first wrong token.</summary>
    public TimeSpan TokenFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Live streams (the web pages' Server-Sent Events) open at once; one more is refused (429).</summary>
    public int MaxLiveStreams { get; set; } = 32;

    /// <summary>Live streams one client address may hold open at once.</summary>
    public int MaxLiveStreamsPerAddress { get; set; } = 4;

    /// <summary>The configuration problems, each naming its key below <paramref name="key"/>.</summary>
    public IEnumerable<string> Validate(string key)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/"
            || !System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            yield return $"{key}:Url: '{Url}' is not an http://address:port URL with an IP address (such as {DefaultUrl}).";
            yield break;
        }

        if (!System.Net.IPAddress.IsLoopback(address) && string.IsNullOrEmpty(Token))
        {
            yield return $"{key}:Url: {address} is not a loopback address; set {key}:Token to listen on it (a generated token is allowed only on loopback).";
        }

        if (Token.Length is > 0 and < 16)
        {
            yield return $"{key}:Token: must be at least 16 characters.";
        }

        if (MinFreeBytes < 0)
        {
            yield return $"{key}:MinFreeBytes: must not be negative (was {MinFreeBytes}).";
        }

        if (MaxWaitTimeout <= TimeSpan.Zero)
        {
            yield return $"{key}:MaxWaitTimeout: must be positive (was {MaxWaitTimeout}).";
        }

        if (SessionEndTimeout <= TimeSpan.Zero)
        {
            yield return $"{key}:SessionEndTimeout: must be positive (was {SessionEndTimeout}).";
        }

        if (WebSignInLifetime <= TimeSpan.Zero)
        {
            yield return $"{key}:WebSignInLifetime: must be positive (was {WebSignInLifetime}).";
        }

        if (WebMaxRows is < 1 or > 100_000)
        {
            yield return $"{key}:WebMaxRows: must be between 1 and 100000 (was {WebMaxRows}).";
        }

        if (MaxListedUploads is < 1 or > 1_000_000)
        {
            yield return $"{key}:MaxListedUploads: must be between 1 and 1000000 (was {MaxListedUploads}).";
        }

        if (MaxTokenFailures < 1)
        {
            yield return $"{key}:MaxTokenFailures: must be at least 1 (was {MaxTokenFailures}).";
        }

        if (TokenFailureWindow <= TimeSpan.Zero)
        {
            yield return $"{key}:TokenFailureWindow: must be positive (was {TokenFailureWindow}).";
        }

        if (MaxLiveStreams < 1)
        {
            yield return $"{key}:MaxLiveStreams: must be at least 1 (was {MaxLiveStreams}).";
        }

        if (MaxLiveStreamsPerAddress < 1 || MaxLiveStreamsPerAddress > MaxLiveStreams)
        {
            yield return $"{key}:MaxLiveStreamsPerAddress: must be between 1 and MaxLiveStreams ({MaxLiveStreams}) (was {MaxLiveStreamsPerAddress}).";
        }
    }
}
