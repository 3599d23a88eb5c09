using System.Globalization;
using System.Net;

namespace EcurepServer.Ftp.Session;

/// <summary>Fills the per-session placeholders of the 220 greeting (z/OS greets with its address, time and date).</summary>
internal static class BannerText
{
    /// <summary>The longest text an IPv6 address can take, so a banner is checked at its widest.</summary>
    private const string WidestAddress = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";

    public static string[] Fill(IEnumerable<string> lines, IPAddress address, DateTimeOffset now) =>
        [.. lines.Select(line => Fill(line, address.ToString(), now))];

    public static IEnumerable<string> Widest(IEnumerable<string> lines) =>
        lines.Select(line => Fill(line, WidestAddress, DateTimeOffset.UnixEpoch));

    private static string Fill(string line, string address, DateTimeOffset now)
    {
        var text = FtpReplyTexts.Format(line, "address", address);
        text = FtpReplyTexts.Format(text, "date", now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return FtpReplyTexts.Format(text, "time", now.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
    }
}
