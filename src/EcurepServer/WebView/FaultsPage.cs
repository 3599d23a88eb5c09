using System.Globalization;
using System.Text;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Faults;
using EcurepServer.Management;
using Microsoft.AspNetCore.Http;

namespace EcurepServer.WebView;

/// <summary>Faults: the rules in force with how often each fired; a form arms a rule, buttons clear one or all.</summary>
internal static class FaultsPage
{
    public static string Render(IReadOnlyList<FaultRuleStatus> inForce, string csrf, IReadOnlyList<string> errors, IFormCollection? posted)
    {
        var rules = inForce.Select(FaultResource.From).ToList();
        var html = new StringBuilder();
        if (errors.Count > 0)
        {
            html.Append("<p class=\"error\">").Append(Html.Text(string.Join(" ", errors))).Append("</p>");
        }

        html.Append("<h2>Rules in force (").Append(rules.Count).Append(")</h2>");
        if (rules.Count == 0)
        {
            html.Append("<p class=\"note\">No fault rule is armed.</p>");
        }
        else
        {
            html.Append(Html.TableStart("faults stack", "Id", "Matches", "Point", "Action", "Times", "Fired", "Added (UTC)", string.Empty));
            foreach (var rule in rules)
            {
                html.Append("<tr data-fault=\"").Append(Html.Encode(rule.Id)).Append("\">")
                    .Append(Html.Cell("Id", Html.Text(rule.Id), "mono"))
                    .Append(Html.Cell("Matches", Matches(rule), "wrap"))
                    .Append(Html.Cell("Point", Html.Text(rule.Point), "mono"))
                    .Append(Html.Cell("Action", Action(rule), "wrap"))
                    .Append(Html.Cell("Times", rule.Times?.ToString(CultureInfo.InvariantCulture) ?? "always", "num"))
                    .Append(Html.Cell("Fired", rule.Fired.ToString(CultureInfo.InvariantCulture), "num fired"))
                    .Append(Html.Cell("Added", Html.Time(rule.AddedUtc) + (rule.Exhausted ? " <span class=\"note\">(used up)</span>" : string.Empty), "nowrap"))
                    .Append(Html.Cell("Clear", $"<form class=\"inline\" method=\"post\" action=\"/web/faults/{Html.Url(rule.Id)}/clear\">{PageLayout.Csrf(csrf)}<button class=\"quiet\" type=\"submit\">Clear</button></form>"))
                    .Append("</tr>");
            }

            html.Append(Html.TableEnd).Append("<p><form class=\"inline\" method=\"post\" action=\"/web/faults/clear\">").Append(PageLayout.Csrf(csrf))
                .Append("<button class=\"quiet\" type=\"submit\" id=\"clear-all\">Clear all</button></form></p>");
        }

        string? Posted(string name) => posted?[name].ToString();
        html.Append("<h2>Arm a rule</h2><form class=\"grid\" id=\"arm\" method=\"post\" action=\"/web/faults\">").Append(PageLayout.Csrf(csrf));
        Field(html, "point", "Point (STOR, login, open, after-bytes N, ...)", Posted("point"));
        html.Append("<label>Action<select name=\"action\">");
        foreach (var action in FaultActionNames.All)
        {
            html.Append("<option").Append(Posted("action") == action ? " selected" : string.Empty).Append('>').Append(action).Append("</option>");
        }

        html.Append("</select></label>");
        Field(html, "code", "Reply code", Posted("code"));
        Field(html, "text", "Reply text", Posted("text"));
        Field(html, "delay", "Delay (hh:mm:ss)", Posted("delay"));
        Field(html, "bytesPerSecond", "Throttle (bytes/s)", Posted("bytesPerSecond"));
        Field(html, "times", "Times (empty: always)", Posted("times"));
        Field(html, "site", "Site", Posted("site"));
        Field(html, "protocol", "Protocol (ftps, ftp, sftp)", Posted("protocol"));
        Field(html, "account", "Account (* and ?)", Posted("account"));
        Field(html, "client", "Client address or CIDR", Posted("client"));
        Field(html, "id", "Id (empty: one is picked)", Posted("id"));
        return html.Append("<button type=\"submit\">Arm</button></form>").ToString();
    }

    /// <summary>The rule a posted form describes, or the problems, each naming its field.</summary>
    public static FaultRule? Parse(IFormCollection form, List<string> errors)
    {
        string? Value(string name) => form[name].ToString() is { Length: > 0 } value ? value.Trim() : null;
        int? Integer(string name)
        {
            if (Value(name) is not { } text)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            errors.Add($"{name}: '{text}' is not a whole number.");
            return null;
        }

        var options = new FaultRuleOptions
        {
            Point = Value("point"),
            Action = Value("action"),
            Code = Integer("code"),
            Text = Value("text"),
            Times = Integer("times"),
            Site = Value("site"),
            Protocol = Value("protocol"),
            Account = Value("account"),
            Client = Value("client"),
        };
        if (Value("bytesPerSecond") is { } rate)
        {
            options.BytesPerSecond = long.TryParse(rate, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
            if (options.BytesPerSecond is null)
            {
                errors.Add($"bytesPerSecond: '{rate}' is not a whole number.");
            }
        }

        if (Value("delay") is { } delay)
        {
            options.Delay = TimeSpan.TryParse(delay, CultureInfo.InvariantCulture, out var duration) ? duration : null;
            if (options.Delay is null)
            {
                errors.Add($"delay: '{delay}' is not a duration (hh:mm:ss).");
            }
        }

        var id = Value("id");
        if (id is not null && (id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add($"id: '{id}' must be 1 to 64 letters, digits and - _ .");
        }

        var rule = options.ToRule(id ?? "", "rule", errors);
        return errors.Count == 0 && rule is not null ? rule with { Id = id } : null;
    }

    private static string Matches(FaultResource rule)
    {
        var parts = new[] { ("site", rule.Site), ("protocol", rule.Protocol), ("account", rule.Account), ("client", rule.Client) }
            .Where(part => part.Item2 is not null)
            .Select(part => $"{part.Item1} {Html.Text(part.Item2)}")
            .ToList();
        return parts.Count == 0 ? "every session" : string.Join(", ", parts);
    }

    private static string Action(FaultResource rule)
    {
        var text = new StringBuilder(Html.Encode(rule.Action));
        if (rule.Code is { } code)
        {
            text.Append(' ').Append(code);
        }

        if (rule.Text is { } replyText)
        {
            text.Append(" “").Append(Html.Text(replyText)).Append('”');
        }

        if (rule.Delay is { } delay)
        {
            text.Append(' ').Append(delay.ToString("c", CultureInfo.InvariantCulture));
        }

        if (rule.BytesPerSecond is { } rate)
        {
            text.Append(' ').Append(Html.Bytes(rate)).Append("/s");
        }

        return text.ToString();
    }

    private static void Field(StringBuilder html, string name, string label, string? value) =>
        html.Append("<label>").Append(Html.Encode(label)).Append("<input name=\"").Append(name).Append("\" value=\"").Append(Html.Encode(value)).Append("\"></label>");
}
