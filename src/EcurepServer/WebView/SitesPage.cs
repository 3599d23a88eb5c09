using System.Globalization;
using System.Text;
using EcurepServer.Core.Defender;
using EcurepServer.Ftp.Data;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Metrics;
using EcurepServer.Settings;

namespace EcurepServer.WebView;

/// <summary>
/// Sites: each site's listeners and ports, certificate fingerprints, RFC 4217 level, passive ports in use and SSH
/// window budget in use; the SSH host keys, the SFTP write-ahead held, the bans, and the bytes received per minute.
/// </summary>
internal static class SitesPage
{
    public static string Render(
        EcurepServerOptions options, ServerFacts facts, PassivePortPools passivePorts, MetricsCollector metrics, ClientDefender defender, IReadOnlyList<Ban> inForce, ReceivedHistory history, TimeProvider time)
    {
        var ready = facts.Describe();
        var windows = metrics.Totals("ecurep.ssh.window.reserved", "site");
        var writeAhead = metrics.Totals("ecurep.sftp.writeahead.held", "site").Values.Sum();
        var html = new StringBuilder("<div class=\"cards\">");
        foreach (var (name, site) in ready.Sites.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var settings = options.Sites[name];
            html.Append("<section class=\"card\" data-site=\"").Append(Html.Encode(name)).Append("\"><h2>").Append(Html.Encode(name)).Append("</h2><dl>");
            Item(html, "FTPS", Listener(site.FtpsAddress, site.FtpsPort));
            Item(html, "SFTP", Listener(site.SftpAddress, site.SftpPort));
            Item(html, "Plain FTP", Listener(site.LegacyAddress, site.LegacyPort));
            if (site.FtpsPort is not null || site.LegacyPort is not null)
            {
                Item(html, "RFC 4217 level", settings.Ftps.Rfc4217Level.ToString());
                var pool = passivePorts.For(site.PassivePortMin, site.PassivePortMax);
                Item(html, "Passive ports", pool.IsEphemeral
                    ? $"ephemeral, {pool.InUse} in use"
                    : $"{site.PassivePortMin}-{site.PassivePortMax}, {pool.InUse} of {site.PassivePortMax - site.PassivePortMin + 1} in use");
                foreach (var certificate in site.FtpsCertificates)
                {
                    Item(html, "Certificate", $"{Html.Encode(certificate.Key)}, SHA-256<br><span class=\"mono fingerprint\">{Html.Encode(certificate.Sha256)}</span>");
                }
            }

            if (site.SftpPort is not null)
            {
                Item(html, "SSH windows", $"{Html.Bytes(windows.GetValueOrDefault(name))} of {Html.Bytes(settings.Ssh.TotalChannelWindowBytes)} granted");
            }

            html.Append("</dl></section>");
        }

        html.Append("<section class=\"card wide\"><h2>Server</h2><dl>");
        foreach (var key in ready.SshHostKeys)
        {
            Item(html, "SSH host key", $"{Html.Encode(key.Type)}<br><span class=\"mono fingerprint\">{Html.Encode(key.Sha256)}</span>");
        }

        Item(html, "SFTP write-ahead held", Html.Bytes(writeAhead));
        html.Append("</dl></section></div><h2>Bytes received per minute</h2>")
            .Append(ReceivedChart.Render(history.PerMinute(), [.. ready.Sites.Keys.Order(StringComparer.Ordinal)]));

        var now = time.GetUtcNow();
        var bans = inForce.Where(ban => ban.InForce(now)).ToList();
        html.Append("<h2>Bans (").Append(bans.Count).Append(")</h2>");
        if (bans.Count == 0)
        {
            html.Append("<p class=\"note\">").Append(defender.Enabled ? "No address is banned." : "The defender is off.").Append("</p>");
        }
        else
        {
            html.Append(Html.TableStart("stack", "Network", "Until (UTC)", "Offences", "Reason"));
            foreach (var ban in bans)
            {
                html.Append("<tr>")
                    .Append(Html.Cell("Network", Html.Text(ban.Network), "mono"))
                    .Append(Html.Cell("Until", Html.Time(ban.UntilUtc), "nowrap"))
                    .Append(Html.Cell("Offences", ban.Offences.ToString(CultureInfo.InvariantCulture), "num"))
                    .Append(Html.Cell("Reason", Html.Text(ban.Reason), "wrap"))
                    .Append("</tr>");
            }

            html.Append(Html.TableEnd);
        }

        return html.ToString();
    }

    private static string Listener(string? address, int? port) =>
        port is null ? "<span class=\"note\">off</span>" : $"<span class=\"mono\">{Html.Encode(address)}:{port.Value.ToString(CultureInfo.InvariantCulture)}</span>";

    private static void Item(StringBuilder html, string term, string definitionHtml) =>
        html.Append("<dt>").Append(Html.Encode(term)).Append("</dt><dd>").Append(definitionHtml).Append("</dd>");
}
