using System.Buffers;
using System.Globalization;
using System.Text;

namespace EcurepServer.Core.Accounts;

/// <summary>
/// What an anonymous user may give as password: any text (ECuRep asks for an e-mail address but "prompts the
/// customer to enter any text as a password"), kept as the anonymous identity in receipts. Empty or blank text is
/// refused, and so are overlong text, broken UTF-16 and characters that could break a log line or a listing
/// (control, format such as bidi overrides, line and paragraph separators).
/// </summary>
public static class AnonymousEmail
{
    public const int MaxLength = 254;

    public static bool IsAcceptable(string? password)
    {
        if (string.IsNullOrWhiteSpace(password) || password.Length > MaxLength)
        {
            return false;
        }

        var rest = password.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }
}
