using System.Globalization;

namespace EcurepServer.Core.Faults;

/// <summary>
/// Where in a conversation a rule fires: a named point (<c>connect</c>, <c>tls-handshake</c>, <c>login</c>,
/// <c>kex</c>, <c>auth</c>, <c>channel-open</c>, an FTP command such as <c>STOR</c>, an SFTP request such as
/// <c>open</c>; names compare case-insensitively) or <c>after-bytes N</c>: once an upload holds N bytes.
/// </summary>
public sealed record FaultPoint(string Name, long AfterBytes = 0)
{
    public const string Connect = "connect";
    public const string TlsHandshake = "tls-handshake";
    public const string Login = "login";
    public const string KeyExchange = "kex";
    public const string Authentication = "auth";
    public const string ChannelOpen = "channel-open";
    public const string AfterBytesName = "after-bytes";

    public bool IsAfterBytes => AfterBytes > 0;

    public bool Matches(string point) => !IsAfterBytes && string.Equals(Name, point, StringComparison.OrdinalIgnoreCase);

    /// <summary>The point written as <c>STOR</c> or <c>after-bytes 10485760</c>; null with the reason when it is not one.</summary>
    public static FaultPoint? Parse(string? text, out string? problem)
    {
        problem = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            problem = "must name a point: connect, tls-handshake, login, kex, auth, channel-open, an FTP command, an SFTP request or after-bytes N";
            return null;
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (string.Equals(parts[0], AfterBytesName, StringComparison.OrdinalIgnoreCase))
        {
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0)
            {
                return new FaultPoint(AfterBytesName, bytes);
            }

            problem = $"'{value}' must be after-bytes followed by a positive number of bytes";
            return null;
        }

        if (parts.Length != 1 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '@' or '.'))
        {
            problem = $"'{value}' is not a point name (one word such as STOR, open or kex)";
            return null;
        }

        return new FaultPoint(value);
    }

    public override string ToString() => IsAfterBytes ? $"{AfterBytesName} {AfterBytes.ToString(CultureInfo.InvariantCulture)}" : Name;
}
