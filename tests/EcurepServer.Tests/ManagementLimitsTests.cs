using System.Net;
using System.Net.Http.Headers;
using EcurepServer.Core.Defender;
using EcurepServer.Hosting;
using EcurepServer.Management;
using EcurepServer.Tests.Support;
using EcurepServer.WebView;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Tests;

/// <summary>The management endpoint's shares for one client address: wrong tokens it may present, live streams it may hold.</summary>
public sealed class ManagementLimitsTests
{
    private const string Token = "limits-token-0123456789abcdef";
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.7");
    private static readonly IPAddress Other = IPAddress.Parse("2001:db8::7");
    private static readonly ClientAddressKey Keys = new(address => ClientNetworks.Of(address, 32, 64));

    [Fact]
    public void An_address_is_refused_after_its_wrong_tokens_until_the_window_ends()
    {
        var time = new ManualTimeProvider();
        var limit = new TokenGuessLimit(3, TimeSpan.FromMinutes(1), Keys, time, NullLogger.Instance);
        limit.Failed(Guesser);
        time.Advance(TimeSpan.FromSeconds(20));
        limit.Failed(IPAddress.Parse("::ffff:192.0.2.7"));
        Assert.Null(limit.RefusedFor(Guesser));

        limit.Failed(Guesser);

        Assert.Equal(TimeSpan.FromSeconds(40), limit.RefusedFor(Guesser));
        Assert.Equal(TimeSpan.FromSeconds(40), limit.RefusedFor(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Null(limit.RefusedFor(Other));
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(limit.RefusedFor(Guesser));
        limit.Failed(Guesser);
        Assert.Null(limit.RefusedFor(Guesser));
    }

    [Fact]
    public void Every_address_of_one_IPv6_network_shares_its_wrong_tokens_and_live_streams()
    {
        var limit = new TokenGuessLimit(3, TimeSpan.FromMinutes(1), Keys, new ManualTimeProvider(), NullLogger.Instance);
        for (var host = 1; host <= 3; host++)
        {
            limit.Failed(IPAddress.Parse($"2001:db8:1:2::{host:x}"));
        }

        Assert.NotNull(limit.RefusedFor(IPAddress.Parse("2001:db8:1:2:ffff::1")));
        Assert.Null(limit.RefusedFor(IPAddress.Parse("2001:db8:1:3::1")));

        var streams = new LiveStreamLimit(maxStreams: 10, maxPerAddress: 2, Keys);
        using var first = streams.TryOpen(IPAddress.Parse("2001:db8:1:2::1"));
        using var second = streams.TryOpen(IPAddress.Parse("2001:db8:1:2::2"));
        Assert.Null(streams.TryOpen(IPAddress.Parse("2001:db8:1:2::3")));
        using var elsewhere = streams.TryOpen(IPAddress.Parse("2001:db8:1:3::1"));
        Assert.NotNull(elsewhere);
    }

    [Fact]
    public void Live_streams_are_shared_out_per_address_and_in_all()
    {
        var limit = new LiveStreamLimit(maxStreams: 3, maxPerAddress: 2, Keys);
        using var first = limit.TryOpen(Guesser);
        using var second = limit.TryOpen(IPAddress.Parse("::ffff:192.0.2.7"));
        Assert.Null(limit.TryOpen(Guesser));
        using var third = limit.TryOpen(Other);
        Assert.Null(limit.TryOpen(IPAddress.Loopback));

        first!.Dispose();
        first.Dispose();

        using var again = limit.TryOpen(Guesser);
        Assert.NotNull(again);
        Assert.Null(limit.TryOpen(IPAddress.Loopback));
    }

    [Fact]
    public Task Guessing_the_token_is_refused_with_429_after_MaxTokenFailures_the_right_token_included() =>
        WithServerAsync(["--EcurepServer:Management:MaxTokenFailures=3"], async address =>
        {
            using var anonymous = new HttpClient { BaseAddress = address };
            using var guessing = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
            using var right = new HttpClient { BaseAddress = address };
            right.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

            // Requests without a token are no guesses.
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/faults")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/faults")).StatusCode);

            // Three guesses, one of them at the web pages.
            (string Path, HttpStatusCode Answer)[] guesses = [("/faults", HttpStatusCode.Unauthorized), ("/web/now", HttpStatusCode.Redirect), ("/uploads", HttpStatusCode.Unauthorized)];
            foreach (var (path, answer) in guesses)
            {
                guessing.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"guess-{path.Length}-0123456789abcdef");
                Assert.Equal(answer, (await guessing.GetAsync(path)).StatusCode);
            }

            using var refused = await right.GetAsync("/faults");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.TooManyRequests, (await right.GetAsync("/web/now")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        });

    [Fact]
    public Task A_live_stream_past_the_address_share_is_refused_and_one_closed_frees_its_place() =>
        WithServerAsync(["--EcurepServer:Management:MaxLiveStreamsPerAddress=2"], async address =>
        {
            using var client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

            var first = await client.GetAsync("/web/now/events", HttpCompletionOption.ResponseHeadersRead);
            using var second = await client.GetAsync("/web/now/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            using (var third = await client.GetAsync("/web/now/events", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
                Assert.NotNull(third.Headers.RetryAfter);
            }

            first.Dispose();
            using var freed = await UntilAsync(async () =>
            {
                var response = await client.GetAsync("/web/now/events", HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return response;
                }

                response.Dispose();
                return null;
            });
        });

    private static async Task WithServerAsync(string[] settings, Func<Uri, Task> test)
    {
        using var workspace = new TempWorkspace();
        using var host = EcurepHost.Build(workspace.Root, ["--EcurepServer:Management:Enabled=true", "--EcurepServer:Management:Url=http://127.0.0.1:0", $"--EcurepServer:Management:Token={Token}", .. settings]);
        await host.StartAsync();
        try
        {
            await test(host.Services.GetRequiredService<ManagementService>().Address!);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt)
        where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await attempt() is { } done)
            {
                return done;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }
}
