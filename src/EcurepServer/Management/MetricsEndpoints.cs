using EcurepServer.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcurepServer.Management;

/// <summary>GET /metrics: every EcurepServer instrument in the Prometheus text format; open unless Management:MetricsRequireToken.</summary>
internal static class MetricsEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/metrics", (MetricsCollector metrics) => TypedResults.Text(metrics.Scrape(), PrometheusText.ContentType))
            .WithDescription("The server's metrics (sessions, logins, uploads, bytes, events, disk) in the Prometheus text format 0.0.4.");
}
