using System.Net.Security;
using System.Security.Authentication;
using EcurepServer.Core.Transcripts.Events;

namespace EcurepServer.Ftp.Tls;

/// <summary>A TLS handshake as a session transcript shows it.</summary>
internal static class TlsTranscript
{
    public const string Control = "control";
    public const string Data = "data";

    /// <param name="resumed">Whether it resumed a session; null where that cannot be seen (TLS 1.3).</param>
    public static TlsEvent Established(string channel, SslStream tls, bool? resumed) => new(channel)
    {
        Protocol = ProtocolName(tls.SslProtocol),
        CipherSuite = tls.NegotiatedCipherSuite.ToString(),
        ServerName = string.IsNullOrEmpty(tls.TargetHostName) ? null : tls.TargetHostName,
        Resumed = resumed,
        ClientCertificate = tls.RemoteCertificate?.Subject,
    };

    public static TlsEvent Failed(string channel, string failure) => new(channel) { Failure = failure };

    /// <summary>The protocol as OpenSSL and most clients' debug output name it.</summary>
    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls13 => "TLSv1.3",
        _ => protocol.ToString(),
    };
}
