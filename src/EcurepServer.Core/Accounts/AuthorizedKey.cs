using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EcurepServer.Core.Accounts;

/// <summary>
/// A public key allowed to log in as an account, kept in OpenSSH's <c>authorized_keys</c> form (<c>type base64 [comment]</c>).
/// Core only checks that the blob names the same type; the SSH engine checks that it is a usable key.
/// </summary>
public sealed class AuthorizedKey
{
    private const int MaxLineLength = 16 * 1024;

    private AuthorizedKey(string keyType, byte[] blob, string comment)
    {
        KeyType = keyType;
        Blob = blob;
        Comment = comment;
    }

    public string KeyType { get; }

    public ReadOnlyMemory<byte> Blob { get; }

    public string Comment { get; }

    /// <summary>OpenSSH's fingerprint form: <c>SHA256:</c> and the unpadded base64 of the blob's SHA-256.</summary>
    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(Blob.Span)).TrimEnd('=');

    public string ToLine() =>
        Comment.Length == 0 ? $"{KeyType} {Convert.ToBase64String(Blob.Span)}" : $"{KeyType} {Convert.ToBase64String(Blob.Span)} {Comment}";

    public bool Matches(string keyType, ReadOnlySpan<byte> blob) => KeyType == keyType && Blob.Span.SequenceEqual(blob);

    /// <summary>Parses one line; <paramref name="problem"/> says why a line is refused.</summary>
    public static bool TryParse(string? line, out AuthorizedKey? key, out string problem)
    {
        key = null;
        var trimmed = line?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxLineLength || trimmed.Any(c => char.IsControl(c) && c != '\t'))
        {
            problem = "a key is one line of the form \"type base64 [comment]\"";
            return false;
        }

        var parts = trimmed.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            problem = "a key is one line of the form \"type base64 [comment]\" (options before the type are not supported)";
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            problem = "the key data is not base64";
            return false;
        }

        if (!NamesType(blob, parts[0]))
        {
            problem = $"the key data is not a {parts[0]} key";
            return false;
        }

        key = new AuthorizedKey(parts[0], blob, parts.Length > 2 ? parts[2].Trim() : "");
        problem = "";
        return true;
    }

    /// <summary>An SSH public key blob starts with its type as an SSH string.</summary>
    private static bool NamesType(ReadOnlySpan<byte> blob, string keyType)
    {
        if (blob.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return length <= (uint)(blob.Length - 4) && blob.Slice(4, (int)length).SequenceEqual(Encoding.ASCII.GetBytes(keyType));
    }
}
