using System.Net;
using System.Net.Sockets;
using EcurepServer.Ftp.Session;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ftp.Data;

/// <summary>The data connection announced by PASV/EPSV or PORT/EPRT, opened when a transfer command needs it.</summary>
internal abstract class PendingDataChannel : IDisposable
{
    /// <summary>The connected socket, or null when none arrived (or could be made) in time.</summary>
    public abstract Task<Socket?> ConnectAsync(TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken);

    public abstract void Dispose();
}

/// <summary>A passive listener that accepts only the control connection's peer (no FTP bounce or data theft).</summary>
internal sealed class PassiveDataChannel(Socket listener, PassivePortPool pool, IPAddress expectedPeer, ILogger logger) : PendingDataChannel
{
    public int Port { get; } = ((IPEndPoint)listener.LocalEndPoint!).Port;

    public override async Task<Socket?> ConnectAsync(TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new TimeoutSource(time, timeout, cancellationToken);
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(deadline.Token).ConfigureAwait(false);
                var peer = ((IPEndPoint)socket.RemoteEndPoint!).Address;
                if (EndpointRules.SameHost(peer, expectedPeer))
                {
                    socket.NoDelay = true;
                    return socket;
                }

                FtpLog.ForeignDataConnection(logger, peer.ToString(), Port);
                socket.Dispose();
            }
        }
        catch (OperationCanceledException) when (deadline.TimedOut)
        {
            return null;
        }
        finally
        {
            Dispose();
        }
    }

    public override void Dispose()
    {
        listener.Dispose();
        pool.Release(Port);
    }
}

/// <summary>An active (PORT/EPRT) target, already checked to be the control peer on an unprivileged port.</summary>
internal sealed class ActiveDataChannel(IPEndPoint target, IPAddress localAddress) : PendingDataChannel
{
    public override async Task<Socket?> ConnectAsync(TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new TimeoutSource(time, timeout, cancellationToken);
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (localAddress.AddressFamily == target.AddressFamily)
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
            }

            await socket.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && deadline.TimedOut))
        {
            socket.Dispose();
            return null;
        }
    }

    public override void Dispose()
    {
    }
}
