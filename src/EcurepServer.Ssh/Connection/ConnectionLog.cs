using System.Net;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Connection;

/// <summary>Connection and channel events; each runs inside the connection's scope (ConnectionId, RemoteEndPoint, User).</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "SSH connection accepted from {RemoteEndPoint}")]
    public static partial void Accepted(ILogger logger, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "SSH connection from {RemoteEndPoint} closed: {Reason}")]
    public static partial void Closed(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SSH connection from {RemoteEndPoint} refused: {Reason}")]
    public static partial void Refused(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SSH connection from {RemoteEndPoint} ended by a protocol fault ({DisconnectReason}): {Problem}")]
    public static partial void ProtocolFault(ILogger logger, IPEndPoint remoteEndPoint, Protocol.SshDisconnectReason disconnectReason, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "SSH connection from {RemoteEndPoint} failed")]
    public static partial void Failed(ILogger logger, IPEndPoint remoteEndPoint, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "SSH listener stopped accepting connections after a failure")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "SSH listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageNumber} is not part of the connection protocol; answered UNIMPLEMENTED")]
    public static partial void UnimplementedMessage(ILogger logger, byte messageNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Global request {Request} refused")]
    public static partial void GlobalRequestRefused(ILogger logger, string request);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel of type {ChannelType} refused: {Reason}")]
    public static partial void ChannelRefused(ILogger logger, string channelType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subsystem {Subsystem} started on channel {Channel}")]
    public static partial void SubsystemStarted(ILogger logger, string subsystem, uint channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} request refused on channel {Channel} (command: {Command}); Secure Copy and shells are not served")]
    public static partial void ExecRefused(ILogger logger, string request, string command, uint channel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Channel request {Request} {Argument} refused on channel {Channel}")]
    public static partial void ChannelRequestRefused(ILogger logger, string request, string argument, uint channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "The program on channel {Channel} failed")]
    public static partial void ProgramFailed(ILogger logger, uint channel, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Channel {Channel} ended without its closing sequence: {Problem}")]
    public static partial void ChannelEndedAbruptly(ILogger logger, uint channel, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Load balancer {Balancer} connected for itself (PROXY LOCAL or UNKNOWN: a health check); closed")]
    public static partial void BalancerCheck(ILogger logger, IPEndPoint balancer);
}
