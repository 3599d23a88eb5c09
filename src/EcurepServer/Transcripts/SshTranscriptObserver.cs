using System.Net;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Hosting.Ssh;
using EcurepServer.Ssh;

namespace EcurepServer.Transcripts;

/// <summary>
/// Adapts the SSH engine's connection hooks to Core's transcripts, as <see cref="DropBoxSshAuthenticator"/> adapts its
/// logins: every connection gets a session id from Core, and its events become transcript events.
/// </summary>
public sealed class SshTranscriptObserver(string siteName, ITranscriptSink? sink, TimeProvider time) : ISshSessionObserver
{
    public ISshConnectionObserver Connected(IPEndPoint remoteEndPoint, IPEndPoint localEndPoint)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        var id = SessionIds.New(time.GetUtcNow());
        var transcript = sink?.Open(id) ?? SessionTranscript.None;
        transcript.Write(new SessionStartEvent(DropBoxSshAuthenticator.Protocol, siteName, Normalize(remoteEndPoint).ToString(), Normalize(localEndPoint).ToString()));
        return new Connection(id, transcript);
    }

    /// <summary>The transcript of the connection <paramref name="observer"/> follows; none for another observer.</summary>
    public static SessionTranscript TranscriptOf(ISshConnectionObserver? observer) =>
        observer is Connection connection ? connection.Transcript : SessionTranscript.None;

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private sealed class Connection(string id, SessionTranscript transcript) : ISshConnectionObserver
    {
        public string ConnectionId { get; } = id;

        public SessionTranscript Transcript { get; } = transcript;

        public void VersionsExchanged(string clientVersion, string serverVersion) => Transcript.Write(new SshVersionEvent(clientVersion, serverVersion));

        public void KeyExchangeInit(SshKexInit kexInit) => Transcript.Write(new SshKexInitEvent(
            kexInit.FromClient ? "client" : "server",
            kexInit.Exchange,
            kexInit.Kex,
            kexInit.HostKey,
            kexInit.CiphersClientToServer,
            kexInit.CiphersServerToClient,
            kexInit.MacsClientToServer,
            kexInit.MacsServerToClient,
            kexInit.CompressionClientToServer,
            kexInit.CompressionServerToClient));

        public void KeyExchanged(SshKeyExchange exchange) => Transcript.Write(new SshKexEvent(
            exchange.Exchange,
            exchange.Kex,
            exchange.HostKey,
            exchange.CipherClientToServer,
            exchange.MacClientToServer,
            exchange.CipherServerToClient,
            exchange.MacServerToClient,
            exchange.StrictKex,
            exchange.ExtInfo));

        public void AuthenticationAttempted(SshAuthAttempt attempt) => Transcript.Write(new SshAuthEvent(attempt.User, attempt.Method, Result(attempt.Outcome))
        {
            KeyType = attempt.KeyType,
            Fingerprint = attempt.Fingerprint,
            Reason = attempt.Reason,
        });

        public void ChannelOpened(SshChannelOpen open) =>
            Transcript.Write(new SshChannelEvent(open.Type, open.Channel is not null) { Channel = open.Channel, Reason = open.Refusal });

        public void ChannelRequested(SshChannelRequest request) =>
            Transcript.Write(new SshRequestEvent(request.Channel, request.Type, request.Served) { Argument = request.Argument, Reason = request.Note });

        public void Ended(SshEndReason reason, string? detail) => Transcript.End(EndReason(reason), detail);

        private static string Result(SshAuthOutcome outcome) => outcome switch
        {
            SshAuthOutcome.Success => "success",
            SshAuthOutcome.KeyAcceptable => "key-ok",
            SshAuthOutcome.Prompted => "prompt",
            _ => "failure",
        };

        private static string EndReason(SshEndReason reason) => reason switch
        {
            SshEndReason.ClientDisconnected => EndReasons.Quit,
            SshEndReason.ClientClosed => EndReasons.ClientClosed,
            SshEndReason.ClientVanished => EndReasons.ClientVanished,
            SshEndReason.IdleTimeout => EndReasons.IdleTimeout,
            SshEndReason.LoginTimeout => EndReasons.LoginTimeout,
            SshEndReason.ServerStop => EndReasons.ServerStop,
            SshEndReason.ProtocolError => EndReasons.ProtocolError,
            SshEndReason.InjectedFault => EndReasons.InjectedFault,
            _ => EndReasons.Fault,
        };
    }
}
