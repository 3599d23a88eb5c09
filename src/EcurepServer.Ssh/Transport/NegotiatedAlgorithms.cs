using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport.Ciphers;
using EcurepServer.Ssh.Transport.Kex;

namespace EcurepServer.Ssh.Transport;

/// <summary>The outcome of RFC 4253 section 7.1: for each list, the first client choice the server also offers.</summary>
internal sealed record NegotiatedAlgorithms(
    string Kex,
    string HostKey,
    string CipherClientToServer,
    string CipherServerToClient,
    string? MacClientToServer,
    string? MacServerToClient)
{
    public static NegotiatedAlgorithms Negotiate(KexInitMessage client, KexInitMessage server)
    {
        var cipherIn = Choose("cipher (client to server)", client.CiphersClientToServer, server.CiphersClientToServer);
        var cipherOut = Choose("cipher (server to client)", client.CiphersServerToClient, server.CiphersServerToClient);
        Choose("compression (client to server)", client.CompressionClientToServer, server.CompressionClientToServer);
        Choose("compression (server to client)", client.CompressionServerToClient, server.CompressionServerToClient);
        return new NegotiatedAlgorithms(
            // The strict-kex marker sits in the server's kex list but is no method: a client listing it must not get it.
            Choose("key exchange", client.KexAlgorithms, [.. server.KexAlgorithms.Where(KeyExchangeMethods.IsSupported)]),
            Choose("host key", client.HostKeyAlgorithms, server.HostKeyAlgorithms),
            cipherIn,
            cipherOut,
            CipherAlgorithms.IsAead(cipherIn) ? null : Choose("MAC (client to server)", client.MacsClientToServer, server.MacsClientToServer),
            CipherAlgorithms.IsAead(cipherOut) ? null : Choose("MAC (server to client)", client.MacsServerToClient, server.MacsServerToClient));
    }

    private static string Choose(string what, string[] client, string[] server) =>
        Array.Find(client, server.Contains)
        ?? throw new SshProtocolException(
            SshDisconnectReason.KeyExchangeFailed,
            $"no common {what} algorithm; client offers {Shorten(string.Join(',', client))}, server offers {string.Join(',', server)}");

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
