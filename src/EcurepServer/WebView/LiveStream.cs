using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EcurepServer.WebView;

/// <summary>
/// A page's live region as Server-Sent Events: the region is rendered each second and sent as an "update" event when
/// it changed; an "end" event closes the stream once there is nothing more to follow. Ends with the request or the endpoint.
/// </summary>
internal static class LiveStream
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>A comment line every so many quiet ticks keeps proxies and the browser from giving up on the stream.</summary>
    private const int KeepAliveTicks = 15;

    /// <summary>How long a browser refused a stream (too many open) waits before it asks again.</summary>
    private const int RetryAfterSeconds = 10;

    public static async Task RunAsync(HttpContext http, LiveStreamLimit limit, CancellationToken stopping, Func<CancellationToken, Task<(string Html, bool Ended)>> render)
    {
        using var place = limit.TryOpen(http.Connection.RemoteIpAddress);
        if (place is null)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("Too many live streams are open (EcurepServer:Management:MaxLiveStreams, MaxLiveStreamsPerAddress); the page is not updated live.\n", http.RequestAborted);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var token = cancel.Token;
        using var timer = new PeriodicTimer(Interval);
        string? last = null;
        var quiet = 0;
        try
        {
            do
            {
                var (html, ended) = await render(token);
                if (html != last)
                {
                    await WriteAsync(http, "update", html, token);
                    last = html;
                    quiet = 0;
                }
                else if (++quiet % KeepAliveTicks == 0)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", token);
                }

                if (ended)
                {
                    await WriteAsync(http, "end", "ended", token);
                    return;
                }

                await http.Response.Body.FlushAsync(token);
            }
            while (await timer.WaitForNextTickAsync(token));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The browser left or the endpoint stops.
        }
    }

    private static async Task WriteAsync(HttpContext http, string name, string data, CancellationToken cancellationToken)
    {
        var message = new StringBuilder("event: ").Append(name).Append('\n');
        foreach (var line in data.Split('\n'))
        {
            message.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        await http.Response.WriteAsync(message.Append('\n').ToString(), cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }
}
