namespace EcurepServer.Connections.ProxyProtocol;

/// <summary>
/// Tells, from the first lines a line-based server reads, whether a peer that is not a trusted balancer sent a PROXY
/// protocol header: a v1 line, or v2's signature, which such a server reads as two empty lines, a NUL line and "QUIT".
/// Such a connection is refused instead of being served or trusted.
/// </summary>
public sealed class ProxyHeaderSniffer
{
    private int _lines;
    private int _emptyLines;

    /// <summary>
    /// Looks at the next line (without its line end). <see cref="ProxyHeaderVerdict.Undecided"/> while the lines could
    /// still be the start of a v2 signature; after the third line or the first line that could not, the verdict is final.
    /// </summary>
    public ProxyHeaderVerdict Next(ReadOnlySpan<byte> line)
    {
        var index = _lines++;
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        if (index == 0 && line.StartsWith(ProxyHeaderParser.V1Prefix))
        {
            return ProxyHeaderVerdict.ProxyHeader;
        }

        if (index < 2 && line.IsEmpty && _emptyLines == index)
        {
            _emptyLines++;
            return ProxyHeaderVerdict.Undecided;
        }

        return index == 2 && _emptyLines == 2 && line.SequenceEqual([(byte)0])
            ? ProxyHeaderVerdict.ProxyHeader
            : ProxyHeaderVerdict.NotProxyHeader;
    }
}

public enum ProxyHeaderVerdict
{
    Undecided,
    NotProxyHeader,
    ProxyHeader,
}
