using EcurepServer.Core.Configuration;
using Polly;
using Polly.Retry;

namespace EcurepServer.Events;

/// <summary>
/// How every sink retries: exponential backoff from Events:FirstRetryDelay, doubled each time up to
/// Events:MaxRetryDelay, with jitter, for as long as the event's retry time lasts (the caller's token).
/// </summary>
internal static class EventRetry
{
    public static void Configure<T>(RetryStrategyOptions<T> retry, EventOptions options, Action<int, string> onRetry)
    {
        retry.MaxRetryAttempts = int.MaxValue;
        retry.BackoffType = DelayBackoffType.Exponential;
        retry.UseJitter = true;
        retry.Delay = options.FirstRetryDelay;
        retry.MaxDelay = options.MaxRetryDelay;
        retry.OnRetry = args =>
        {
            onRetry(args.AttemptNumber, args.Outcome.Exception?.Message ?? Describe(args.Outcome.Result));
            return ValueTask.CompletedTask;
        };
    }

    private static string Describe(object? result) => result is HttpResponseMessage response
        ? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
        : "failed";
}
