using EcurepServer.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace EcurepServer.Events;

/// <summary>
/// The HTTP client of the webhook sinks (Microsoft.Extensions.Http.Resilience): each attempt cut at its sink's
/// Timeout, and any failure retried with exponential backoff and jitter (<see cref="EventRetry"/>) until the
/// caller's token ends the event's retry time. The client itself sets no overall timeout.
/// </summary>
internal static class EventHttpClient
{
    public const string Name = "ecurep-events";

    /// <summary>The sink's Timeout, carried on each request to the per-attempt timeout.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("ecurep.attempt-timeout");

    public static void Add(IServiceCollection services)
    {
        services.AddHttpClient(Name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("events", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<EventOptions>>().Value;
                var retry = new HttpRetryStrategyOptions
                {
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TimeoutRejectedException
                        || args.Outcome.Result is { IsSuccessStatusCode: false }),
                    ShouldRetryAfterHeader = false,
                };
                var log = context.ServiceProvider.GetRequiredService<EventLog>();
                EventRetry.Configure(retry, options, log.AttemptFailed);
                pipeline.AddRetry(retry);
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(
                        args.Context.GetRequestMessage()?.Options.TryGetValue(AttemptTimeout, out var timeout) == true ? timeout : TimeSpan.FromSeconds(30)),
                });
            });
    }
}
