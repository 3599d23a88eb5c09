using System.Net.Sockets;
using EcurepServer.Connections;
using EcurepServer.Ssh.Auth;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// Everything above the transport for one connection: user authentication within the login grace time, then
/// the connection protocol, with an idle timeout over both. Faults end in a logged DISCONNECT, never a throw; the
/// result says why the connection ended.
/// </summary>
internal sealed class SshConnection(
    ISshPacketTransport transport,
    SshServerOptions options,
    ISshAuthenticator authenticator,
    IReadOnlyDictionary<string, ISshSubsystemHandler> subsystems,
    ChannelWindowAccount windows,
    ConnectionLogScope scope,
    ILogger logger,
    TimeProvider time)
{
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(5);
    private volatile bool _idle;

    /// <summary>The connection protocol, once authentication succeeded; it knows whether the client left channels open.</summary>
    private ChannelMultiplexer? _channels;

    /// <summary>The host's hook at authentication and channel open; none when null.</summary>
    public ISshStageHook? Stages { get; init; }

    /// <summary>The host's defender, told of protocol errors.</summary>
    public IClientGuard Guard { get; init; } = NoClientGuard.Instance;

    /// <summary>The connection's place among those not logged in yet, given up once authentication succeeds.</summary>
    public StartupSlot? Startup { get; init; }

    /// <summary>
    /// Serves the connection until the client leaves or breaks the protocol, <paramref name="loginDeadline"/> fires
    /// before authentication succeeds, the idle timeout passes or <paramref name="stop"/> fires.
    /// </summary>
    public async Task<(SshEndReason Reason, string? Detail)> RunAsync(CancellationToken loginDeadline, CancellationToken stop)
    {
        var tracked = new ActivityTrackingTransport(transport, time);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var watch = new CancellationTokenSource();
        var watchdog = WatchIdleAsync(tracked, session, watch.Token);
        try
        {
            return await ServeAsync(tracked, loginDeadline, session.Token).ConfigureAwait(false);
        }
        catch (SshProtocolException e)
        {
            ConnectionLog.ProtocolFault(logger, scope.RemoteEndPoint, e.Reason, e.Message);
            if (e.Reason != SshDisconnectReason.NoMoreAuthMethodsAvailable)
            {
                // Running out of authentication attempts is scored by each failed login, not again here.
                Guard.Report(scope.RemoteEndPoint.Address, ClientOffence.ProtocolError);
            }

            await DisconnectAsync(e.Reason, e.Message).ConfigureAwait(false);
            return (SshEndReason.ProtocolError, e.Message);
        }
        catch (OperationCanceledException) when (_idle)
        {
            ConnectionLog.Closed(logger, scope.RemoteEndPoint, $"idle for {options.IdleTimeout}");
            await DisconnectAsync(SshDisconnectReason.ByApplication, "idle timeout").ConfigureAwait(false);
            return (SshEndReason.IdleTimeout, $"idle for {options.IdleTimeout}");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            ConnectionLog.Closed(logger, scope.RemoteEndPoint, "the server is stopping");
            await DisconnectAsync(SshDisconnectReason.ByApplication, "server shutting down").ConfigureAwait(false);
            return (SshEndReason.ServerStop, null);
        }
        catch (OperationCanceledException) when (loginDeadline.IsCancellationRequested)
        {
            ConnectionLog.Closed(logger, scope.RemoteEndPoint, $"not authenticated within {options.LoginGraceTime}");
            await DisconnectAsync(SshDisconnectReason.ByApplication, "login grace time exceeded").ConfigureAwait(false);
            return (SshEndReason.LoginTimeout, $"not authenticated within {options.LoginGraceTime}");
        }
        catch (SshStageAbortedException e)
        {
            ConnectionLog.Closed(logger, scope.RemoteEndPoint, e.Message);
            return (SshEndReason.InjectedFault, e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // A client that closed its channels and then the socket without DISCONNECT (paramiko) makes a late send fail.
            ConnectionLog.Closed(logger, scope.RemoteEndPoint, $"connection lost: {e.Message}");
            return transport.ClientDisconnect is { } said ? (SshEndReason.ClientDisconnected, said)
                : _channels is { LeftChannelsOpen: false } ? (SshEndReason.ClientClosed, e.Message)
                : (SshEndReason.ClientVanished, e.Message);
        }
        catch (Exception e)
        {
            ConnectionLog.Failed(logger, scope.RemoteEndPoint, e);
            await DisconnectAsync(SshDisconnectReason.ByApplication, "internal error").ConfigureAwait(false);
            return (SshEndReason.Fault, e.Message);
        }
        finally
        {
            await watch.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
        }
    }

    private async Task<(SshEndReason Reason, string? Detail)> ServeAsync(ISshPacketTransport tracked, CancellationToken loginDeadline, CancellationToken session)
    {
        AuthenticatedUser? user;
        using (var auth = CancellationTokenSource.CreateLinkedTokenSource(session, loginDeadline))
        {
            if (Stages is not null)
            {
                await SshServer.StageAsync(Stages, SshStage.Authentication, tracked, null, auth.Token).ConfigureAwait(false);
            }

            user = await new UserAuthLayer(tracked, options, authenticator, logger).RunAsync(auth.Token).ConfigureAwait(false);
        }

        if (user is null)
        {
            ConnectionLog.Closed(logger, scope.RemoteEndPoint, "the client left before authenticating");
            return tracked.ClientDisconnect is { } said
                ? (SshEndReason.ClientDisconnected, said)
                : (SshEndReason.ClientClosed, "the client left before authenticating");
        }

        scope.User = user.User;
        Startup?.Dispose();
        if (Stages is not null)
        {
            await SshServer.StageAsync(Stages, SshStage.ChannelOpen, tracked, user.User, session).ConfigureAwait(false);
        }

        var channels = _channels = new ChannelMultiplexer(tracked, options, subsystems, windows, user, logger);
        await channels.RunAsync(session).ConfigureAwait(false);
        ConnectionLog.Closed(logger, scope.RemoteEndPoint, "the client closed the connection");
        return tracked.ClientDisconnect is { } description ? (SshEndReason.ClientDisconnected, description)
            : channels.LeftChannelsOpen ? (SshEndReason.ClientVanished, "the connection closed with a channel open")
            : (SshEndReason.ClientClosed, null);
    }

    private async Task WatchIdleAsync(ActivityTrackingTransport tracked, CancellationTokenSource session, CancellationToken cancellationToken)
    {
        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (true)
            {
                var remaining = options.IdleTimeout - tracked.IdleTime;
                if (remaining <= TimeSpan.Zero)
                {
                    _idle = true;
                    await session.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DisconnectAsync(SshDisconnectReason reason, string description)
    {
        using var timeout = new CancellationTokenSource(DisconnectTimeout);
        try
        {
            await transport.DisconnectAsync(reason, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            ConnectionLog.Closed(logger, scope.RemoteEndPoint, $"DISCONNECT could not be sent: {e.Message}");
        }
    }
}
