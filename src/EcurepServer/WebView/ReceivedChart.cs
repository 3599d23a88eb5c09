using System.Globalization;
using System.Text;

namespace EcurepServer.WebView;

/// <summary>The bytes received per minute per site over the last hour as an SVG line chart, drawn here.</summary>
internal static class ReceivedChart
{
    private const int Width = 720;
    private const int Height = 240;
    private const int Left = 64;
    private const int Right = 12;
    private const int Top = 14;
    private const int Bottom = 44;
    private static readonly string[] Colors = ["#1f6feb", "#d1495b", "#2a9d8f", "#e9a23b", "#7b5ea7", "#5a6677"];

    public static string Render(IReadOnlyList<(DateTimeOffset Minute, IReadOnlyDictionary<string, double> Bytes)> minutes, IReadOnlyList<string> sites)
    {
        var max = Math.Max(1, minutes.SelectMany(minute => minute.Bytes.Values).DefaultIfEmpty(0).Max());
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int index) => Left + (minutes.Count <= 1 ? 0 : index * plotWidth / (double)(minutes.Count - 1));
        double Y(double bytes) => Top + plotHeight - (bytes / max * plotHeight);
        static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder()
            .Append("<svg id=\"received-chart\" role=\"img\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" width=\"").Append(Width).Append("\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append("<title>Bytes received per minute per site, last hour</title>");
        for (var step = 0; step <= 4; step++)
        {
            var y = Top + (plotHeight * step / 4.0);
            svg.Append("<line x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right).Append("\" y1=\"").Append(F(y)).Append("\" y2=\"").Append(F(y)).Append("\" stroke=\"#e6eaf0\"/>")
                .Append("<text x=\"").Append(Left - 6).Append("\" y=\"").Append(F(y + 4)).Append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#5a6677\">")
                .Append(Html.Encode(Html.Bytes(max * (4 - step) / 4))).Append("</text>");
        }

        for (var index = 0; index < minutes.Count; index += 15)
        {
            svg.Append("<text x=\"").Append(F(X(index))).Append("\" y=\"").Append(Height - Bottom + 16).Append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5a6677\">")
                .Append(minutes[index].Minute.ToString("HH:mm", CultureInfo.InvariantCulture)).Append("</text>");
        }

        for (var i = 0; i < sites.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var points = string.Join(' ', minutes.Select((minute, index) => F(X(index)) + "," + F(Y(minute.Bytes.GetValueOrDefault(sites[i])))));
            svg.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"2\" points=\"").Append(points).Append("\"/>")
                .Append("<rect x=\"").Append(Left + (i * 130)).Append("\" y=\"").Append(Height - 16).Append("\" width=\"10\" height=\"10\" fill=\"").Append(color).Append("\"/>")
                .Append("<text x=\"").Append(Left + (i * 130) + 14).Append("\" y=\"").Append(Height - 7).Append("\" font-size=\"11\" fill=\"#1c2330\">").Append(Html.Text(sites[i])).Append("</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
