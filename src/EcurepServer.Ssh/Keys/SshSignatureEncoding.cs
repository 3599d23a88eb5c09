using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Keys;

/// <summary>Conversions between SSH's ECDSA signature form (<c>mpint r, mpint s</c>) and IEEE P1363 (<c>r || s</c>, fixed width).</summary>
internal static class SshSignatureEncoding
{
    public static byte[] EcdsaToSsh(ReadOnlySpan<byte> p1363)
    {
        var half = p1363.Length / 2;
        var writer = new SshWriter(p1363.Length + 16);
        writer.MPIntUnsigned(p1363[..half]).MPIntUnsigned(p1363[half..]);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>False when either integer is negative or wider than the field.</summary>
    public static bool TryEcdsaFromSsh(ReadOnlySpan<byte> sshSignature, int fieldSize, Span<byte> p1363)
    {
        try
        {
            var reader = new SshReader(sshSignature);
            var r = reader.ReadMPIntBytes();
            var s = reader.ReadMPIntBytes();
            reader.EnsureEnd();
            return TryFixedWidth(r, p1363[..fieldSize]) && TryFixedWidth(s, p1363[fieldSize..(2 * fieldSize)]);
        }
        catch (SshProtocolException)
        {
            return false;
        }
    }

    /// <summary>An unsigned big-endian magnitude without its leading zero bytes.</summary>
    public static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }

    /// <summary>Left-pads an unsigned magnitude to <paramref name="width"/> bytes (what .NET's key parameters expect).</summary>
    public static byte[] PadLeft(ReadOnlySpan<byte> value, int width)
    {
        var trimmed = TrimLeadingZeros(value);
        if (trimmed.Length > width)
        {
            throw new ArgumentException("value wider than its field", nameof(value));
        }

        var result = new byte[width];
        trimmed.CopyTo(result.AsSpan(width - trimmed.Length));
        return result;
    }

    private static bool TryFixedWidth(ReadOnlySpan<byte> mpint, Span<byte> destination)
    {
        if (!mpint.IsEmpty && (mpint[0] & 0x80) != 0)
        {
            return false;
        }

        var trimmed = TrimLeadingZeros(mpint);
        if (trimmed.Length > destination.Length)
        {
            return false;
        }

        destination.Clear();
        trimmed.CopyTo(destination[(destination.Length - trimmed.Length)..]);
        return true;
    }
}
