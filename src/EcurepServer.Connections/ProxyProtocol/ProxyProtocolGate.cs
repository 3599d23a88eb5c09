using System.Net;
using System.Net.Sockets;

namespace EcurepServer.Connections.ProxyProtocol;

/// <summary>
/// A listener's view of its load balancers: whether a peer is one, and the header such a peer must send first. The
/// header is read exactly (nothing after it is consumed: an SSH client's identification may follow in the same
/// segment), within a bound and a time limit.
/// </summary>
public sealed class ProxyProtocolGate(IReadOnlyList<IPNetwork> trusted, TimeSpan headerTimeout, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public static ProxyProtocolGate None { get; } = new([], ProxyProtocolOptions.DefaultHeaderTimeout);

    public static ProxyProtocolGate From(ProxyProtocolOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ProxyProtocolGate(options.Networks(), options.HeaderTimeout, time);
    }

    public bool Enabled => trusted.Count > 0;

    public bool Trusts(IPAddress peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        foreach (var network in trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the header a trusted balancer sends first; throws <see cref="ProxyHeaderException"/> when it is bad or late.</summary>
    public async Task<ProxyHeader> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = _time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), deadline, headerTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            return await ReadHeaderAsync(socket, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProxyHeaderException($"no complete PROXY protocol header within {headerTimeout}");
        }
    }

    private static async Task<ProxyHeader> ReadHeaderAsync(Socket socket, CancellationToken cancellationToken)
    {
        // Version 1's shortest line ("PROXY UNKNOWN\r\n") is 15 bytes, so 12 can always be read before deciding.
        var head = new byte[ProxyHeaderParser.V2FixedLength];
        await ReceiveExactlyAsync(socket, head.AsMemory(0, ProxyHeaderParser.V2Signature.Length), cancellationToken).ConfigureAwait(false);
        if (head.AsSpan(0, ProxyHeaderParser.V2Signature.Length).SequenceEqual(ProxyHeaderParser.V2Signature))
        {
            await ReceiveExactlyAsync(socket, head.AsMemory(ProxyHeaderParser.V2Signature.Length), cancellationToken).ConfigureAwait(false);
            var remaining = ProxyHeaderParser.V2RemainingLength(head);
            var header = new byte[ProxyHeaderParser.V2FixedLength + remaining];
            head.CopyTo(header, 0);
            await ReceiveExactlyAsync(socket, header.AsMemory(ProxyHeaderParser.V2FixedLength), cancellationToken).ConfigureAwait(false);
            return ProxyHeaderParser.ParseV2(header);
        }

        if (!head.AsSpan(0, ProxyHeaderParser.V1Prefix.Length).SequenceEqual(ProxyHeaderParser.V1Prefix))
        {
            throw new ProxyHeaderException("the connection did not start with a PROXY protocol header");
        }

        // A v1 line's end is only found by reading up to it; one byte at a time keeps what follows unread.
        var line = new byte[ProxyHeaderParser.V1MaxLength];
        head.AsSpan(0, ProxyHeaderParser.V2Signature.Length).CopyTo(line);
        var length = ProxyHeaderParser.V2Signature.Length;
        while (length < 2 || line[length - 2] != '\r' || line[length - 1] != '\n')
        {
            if (length == line.Length)
            {
                throw new ProxyHeaderException($"no CR LF within the {ProxyHeaderParser.V1MaxLength} bytes of a v1 line");
            }

            await ReceiveExactlyAsync(socket, line.AsMemory(length, 1), cancellationToken).ConfigureAwait(false);
            length++;
        }

        return ProxyHeaderParser.ParseV1(line.AsSpan(0, length));
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ProxyHeaderException("the connection closed inside the PROXY protocol header");
            }

            buffer = buffer[read..];
        }
    }
}
