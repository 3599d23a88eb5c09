using System.Buffers;
using System.Text;
using System.Text.Json;
using EcurepServer.Core.Routing;

namespace EcurepServer.Core.Receipts;

/// <summary>
/// Reads a receipt in the form <see cref="ReceiptJson.Serialize"/> writes it, member by member with a
/// <see cref="Utf8JsonReader"/>. The serializer's generic metadata for <see cref="Receipt"/> cannot be precompiled
/// (ReadyToRun), so a process that reads a few receipts (<c>uploads list --case</c>) spent longer JIT-compiling it
/// than reading. Only what this reader is sure the serializer accepts the same way is read here: anything else
/// (an unknown or repeated member, a missing one, a null, another spelling of a route kind, malformed JSON) gives
/// null, and <see cref="ReceiptJson.Deserialize"/> leaves the text to the serializer, which accepts or refuses it as
/// it always did.
/// </summary>
internal static class ReceiptReader
{
    private const int StackBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Flags]
    private enum Members
    {
        None = 0,
        Path = 1 << 0,
        Size = 1 << 1,
        Sha256 = 1 << 2,
        Account = 1 << 3,
        Anonymous = 1 << 4,
        Site = 1 << 5,
        Protocol = 1 << 6,
        ClientAddress = 1 << 7,
        SessionId = 1 << 8,
        StartedUtc = 1 << 9,
        CompletedUtc = 1 << 10,
        Route = 1 << 11,
        StoredPath = 1 << 12,
        Required = (1 << 11) - 1,
    }

    /// <summary>The receipt <paramref name="json"/> holds; null when the serializer is to decide.</summary>
    public static Receipt? TryRead(string json)
    {
        byte[]? rented = null;
        try
        {
            var maxBytes = StrictUtf8.GetMaxByteCount(json.Length);
            Span<byte> buffer = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
            var length = StrictUtf8.GetBytes(json, buffer);
            return TryRead(buffer[..length]);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <exception cref="JsonException">The JSON is malformed.</exception>
    private static Receipt? TryRead(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions());
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var seen = Members.None;
        string? path = null, sha256 = null, account = null, site = null, protocol = null, clientAddress = null, sessionId = null, storedPath = null;
        long size = 0;
        var anonymous = false;
        DateTimeOffset startedUtc = default, completedUtc = default;
        Route? route = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = MemberOf(ref reader);
            if (member == Members.None || (seen & member) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= member;
            var read = member switch
            {
                Members.Path => TryString(ref reader, out path),
                Members.Size => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out size),
                Members.Sha256 => TryString(ref reader, out sha256),
                Members.Account => TryString(ref reader, out account),
                Members.Anonymous => TryBoolean(ref reader, out anonymous),
                Members.Site => TryString(ref reader, out site),
                Members.Protocol => TryString(ref reader, out protocol),
                Members.ClientAddress => TryString(ref reader, out clientAddress),
                Members.SessionId => TryString(ref reader, out sessionId),
                Members.StartedUtc => TryTime(ref reader, out startedUtc),
                Members.CompletedUtc => TryTime(ref reader, out completedUtc),
                Members.Route => TryRoute(ref reader, out route),
                _ => TryNullableString(ref reader, out storedPath),
            };
            if (!read)
            {
                return null;
            }
        }

        // The object must have ended, with nothing but white space after it (Read throws on anything else).
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || (seen & Members.Required) != Members.Required)
        {
            return null;
        }

        return new Receipt(path!, size, sha256!, account!, anonymous, site!, protocol!, clientAddress!, sessionId!, startedUtc, completedUtc, route, storedPath);
    }

    private static Members MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("path"u8) ? Members.Path
        : reader.ValueTextEquals("size"u8) ? Members.Size
        : reader.ValueTextEquals("sha256"u8) ? Members.Sha256
        : reader.ValueTextEquals("account"u8) ? Members.Account
        : reader.ValueTextEquals("anonymous"u8) ? Members.Anonymous
        : reader.ValueTextEquals("site"u8) ? Members.Site
        : reader.ValueTextEquals("protocol"u8) ? Members.Protocol
        : reader.ValueTextEquals("clientAddress"u8) ? Members.ClientAddress
        : reader.ValueTextEquals("sessionId"u8) ? Members.SessionId
        : reader.ValueTextEquals("startedUtc"u8) ? Members.StartedUtc
        : reader.ValueTextEquals("completedUtc"u8) ? Members.CompletedUtc
        : reader.ValueTextEquals("route"u8) ? Members.Route
        : reader.ValueTextEquals("storedPath"u8) ? Members.StoredPath
        : Members.None;

    private static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    private static bool TryNullableString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool TryBoolean(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    private static bool TryTime(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out value);
    }

    /// <summary>A route as written: its kind by its written name, then its case or PMR, each at most once.</summary>
    private static bool TryRoute(ref Utf8JsonReader reader, out Route? route)
    {
        route = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        RouteKind? kind = null;
        string? caseNumber = null, pmr = null;
        bool caseSeen = false, pmrSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isKind = reader.ValueTextEquals("kind"u8);
            var isCase = reader.ValueTextEquals("case"u8);
            var isPmr = reader.ValueTextEquals("pmr"u8);
            if ((isKind && kind is not null) || (isCase && caseSeen) || (isPmr && pmrSeen) || !reader.Read())
            {
                return false;
            }

            if (isKind)
            {
                kind = KindOf(ref reader);
                if (kind is null)
                {
                    return false;
                }
            }
            else if (isCase && TryNullableString(ref reader, out caseNumber))
            {
                caseSeen = true;
            }
            else if (isPmr && TryNullableString(ref reader, out pmr))
            {
                pmrSeen = true;
            }
            else
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || kind is not { } known)
        {
            return false;
        }

        route = new Route(known, caseNumber, pmr);
        return true;
    }

    /// <summary>The kind by the name it is written with; null for any other spelling or token.</summary>
    private static RouteKind? KindOf(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? null
        : reader.ValueTextEquals("case"u8) ? RouteKind.Case
        : reader.ValueTextEquals("pmr"u8) ? RouteKind.Pmr
        : reader.ValueTextEquals("lost"u8) ? RouteKind.Lost
        : null;
}
