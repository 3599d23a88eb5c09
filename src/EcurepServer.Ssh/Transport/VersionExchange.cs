using System.Text;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Transport;

/// <summary>RFC 4253 section 4.2: identification lines, with a bounded preamble before the client's.</summary>
internal static class VersionExchange
{
    public static string ServerLine(string softwareVersion) => "SSH-2.0-" + softwareVersion;

    public static async ValueTask WriteAsync(Stream stream, string serverLine, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(serverLine + "\r\n"), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The client's identification line without CR LF; other lines before it are skipped up to the limit.</summary>
    public static async ValueTask<string> ReadClientLineAsync(SshInputBuffer input, SshServerOptions options, CancellationToken cancellationToken)
    {
        var proxyHeader = new ProxyHeaderSniffer();
        for (var lines = 0; ; lines++)
        {
            var line = await input.ReadLineAsync(options.MaxVersionLineLength, cancellationToken).ConfigureAwait(false);

            // A trusted balancer's header was read before the transport began; one here is a client's own, never believed.
            if (lines < 3 && proxyHeader.Next(Encoding.Latin1.GetBytes(line)) == ProxyHeaderVerdict.ProxyHeader)
            {
                throw new SshProtocolException(SshDisconnectReason.ProtocolError, "a PROXY protocol header from an address that is not a configured load balancer");
            }

            if (line.StartsWith("SSH-", StringComparison.Ordinal))
            {
                if (!line.StartsWith("SSH-2.0-", StringComparison.Ordinal) && !line.StartsWith("SSH-1.99-", StringComparison.Ordinal))
                {
                    throw new SshProtocolException(SshDisconnectReason.ProtocolVersionNotSupported, $"protocol version not supported: {Printable(line)}");
                }

                if (line.Any(c => c < 0x20 || c > 0x7e))
                {
                    throw new SshProtocolException(SshDisconnectReason.ProtocolError, "the identification line has control or non-ASCII characters");
                }

                return line;
            }

            if (lines >= options.MaxPreambleLines)
            {
                throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"no SSH identification within {options.MaxPreambleLines} lines");
            }
        }
    }

    /// <summary>Client text made safe for a log line.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 80));
        foreach (var c in text.Take(80))
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return builder.ToString();
    }
}
