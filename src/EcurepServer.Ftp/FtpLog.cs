using Microsoft.Extensions.Logging;

namespace EcurepServer.Ftp;

/// <summary>The engine's log events. Session, site, protocol, user and peer come from the session's logging scope.</summary>
internal static partial class FtpLog
{
    [LoggerMessage(1, LogLevel.Information, "FTP server listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(2, LogLevel.Information, "FTP server stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "Connection from {RemoteEndPoint} refused: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string remoteEndPoint, string reason);

    [LoggerMessage(4, LogLevel.Debug, "Session started")]
    public static partial void SessionStarted(ILogger logger);

    [LoggerMessage(5, LogLevel.Debug, "Session ended")]
    public static partial void SessionEnded(ILogger logger);

    [LoggerMessage(6, LogLevel.Debug, "Command {Verb}")]
    public static partial void Command(ILogger logger, string verb);

    [LoggerMessage(7, LogLevel.Information, "TLS established on the control channel ({Protocol}, {Cipher})")]
    public static partial void TlsEstablished(ILogger logger, string protocol, string cipher);

    [LoggerMessage(8, LogLevel.Information, "TLS handshake on the control channel failed")]
    public static partial void TlsFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Debug, "Login succeeded (anonymous: {Anonymous})")]
    public static partial void LoginSucceeded(ILogger logger, bool anonymous);

    [LoggerMessage(10, LogLevel.Debug, "Login failed for {Attempted}: {Failure}")]
    public static partial void LoginFailed(ILogger logger, string attempted, string failure);

    [LoggerMessage(11, LogLevel.Information, "{Verb} refused: {Kind} {Message}")]
    public static partial void Refused(ILogger logger, string verb, string kind, string message);

    [LoggerMessage(12, LogLevel.Debug, "Upload delivered: {Path}, {Size} bytes, SHA-256 {Sha256}")]
    public static partial void UploadDelivered(ILogger logger, string path, long size, string sha256);

    [LoggerMessage(13, LogLevel.Information, "Upload of {Path} not delivered ({Reason}) after {Bytes} bytes")]
    public static partial void UploadNotDelivered(ILogger logger, string path, string reason, long bytes);

    [LoggerMessage(14, LogLevel.Information, "Download of {Name} ended: {Reason}, {Bytes} bytes")]
    public static partial void DownloadEnded(ILogger logger, string name, string reason, long bytes);

    [LoggerMessage(15, LogLevel.Warning, "Data connection from foreign address {Peer} to passive port {Port} closed")]
    public static partial void ForeignDataConnection(ILogger logger, string peer, int port);

    [LoggerMessage(16, LogLevel.Information, "Refused {Verb} to foreign or privileged endpoint {Target}")]
    public static partial void ForeignPort(ILogger logger, string verb, string target);

    [LoggerMessage(17, LogLevel.Information, "Data connection failed: {Reason}")]
    public static partial void DataConnectionFailed(ILogger logger, string reason);

    [LoggerMessage(18, LogLevel.Information, "Session closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, string reason);

    [LoggerMessage(19, LogLevel.Warning, "Session failed")]
    public static partial void SessionFailed(ILogger logger, Exception exception);

    [LoggerMessage(20, LogLevel.Error, "Accepting connections failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(21, LogLevel.Information, "CCC: the control channel goes on in clear")]
    public static partial void CommandChannelCleared(ILogger logger);

    [LoggerMessage(40, LogLevel.Warning, "Data connection from {Peer} refused: {Reason}")]
    public static partial void DataTlsSessionRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(30, LogLevel.Information, "Passive port {Port} given back: no transfer command used it in time (client {Client})")]
    public static partial void PassivePortExpired(ILogger logger, int port, string client);

    [LoggerMessage(31, LogLevel.Warning, "Passive port refused: {Client} already holds {Held} passive ports (MaxPassivePortsPerAddress)")]
    public static partial void PassivePortLimit(ILogger logger, string client, int held);

    [LoggerMessage(41, LogLevel.Debug, "Load balancer {Balancer} connected for itself (PROXY LOCAL or UNKNOWN: a health check); closed")]
    public static partial void BalancerCheck(ILogger logger, string balancer);

    [LoggerMessage(42, LogLevel.Warning, "PROXY protocol header from {RemoteEndPoint}, which is not a configured load balancer; connection refused")]
    public static partial void UntrustedProxyHeader(ILogger logger, string remoteEndPoint);
}
