using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Events;

namespace EcurepServer.Events;

/// <summary>
/// POSTs the receipt as JSON, signed: <c>X-Ecurep-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>, with the
/// event's id in <c>X-Ecurep-Event-Id</c> (receivers deduplicate by it) and its kind in <c>X-Ecurep-Event</c>. Any
/// answer other than 2xx, a timeout (the sink's Timeout) or a network error is retried by the HTTP client's
/// resilience handler (<see cref="EventHttpClient"/>).
/// </summary>
internal sealed class WebhookSink(HttpClient client, EventSinkOptions options) : IEventSink
{
    public const string SignatureHeader = "X-Ecurep-Signature";
    public const string IdHeader = "X-Ecurep-Event-Id";
    public const string KindHeader = "X-Ecurep-Event";

    private readonly Uri _url = new(options.Url);
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Secret);

    public async Task DeliverAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        var body = EventOutbox.Body(outboxEvent.Receipt);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SignatureHeader, Signature(_key, body));
        request.Headers.Add(IdHeader, outboxEvent.Id);
        request.Headers.Add(KindHeader, outboxEvent.Kind);
        request.Options.Set(EventHttpClient.AttemptTimeout, options.Timeout);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{_url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }

    /// <summary>The header's value: sha256= and the lower-case hex HMAC-SHA256 of the body under the secret.</summary>
    public static string Signature(byte[] key, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));
}
