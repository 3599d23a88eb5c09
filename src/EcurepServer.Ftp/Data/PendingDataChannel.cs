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

/// <summary>
/// A passive listener that accepts only the control connection's peer (no FTP bounce or data theft). A transfer
/// command must claim it within the accept timeout, counted from PASV/EPSV; otherwise its port goes back to the
/// pool, so ports announced and never used cannot pile up until the session ends.
/// </summary>
internal sealed class PassiveDataChannel : PendingDataChannel
{
    private const int Pending = 0;
    private const int Claimed = 1;
    private const int Expired = 2;

    private readonly PassivePortLease _lease;
    private readonly IPAddress _expectedPeer;
    private readonly ILogger _logger;
    private readonly ITimer _expiry;
    private int _state;

    public PassiveDataChannel(PassivePortLease lease, IPAddress expectedPeer, TimeProvider time, TimeSpan claimTimeout, ILogger logger)
    {
        _lease = lease;
        _expectedPeer = expectedPeer;
        _logger = logger;
        _expiry = time.CreateTimer(static state => ((PassiveDataChannel)state!).Expire(), this, claimTimeout, Timeout.InfiniteTimeSpan);
    }

    public int Port => _lease.Port;

    /// <summary>A transfer command takes the channel; false when its port has already gone back to the pool.</summary>
    public bool TryClaim()
    {
        if (Interlocked.CompareExchange(ref _state, Claimed, Pending) != Pending)
        {
            return Volatile.Read(ref _state) == Claimed;
        }

        _expiry.Dispose();
        return true;
    }

    public override async Task<Socket?> ConnectAsync(TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!TryClaim())
        {
            return null;
        }

        using var deadline = new TimeoutSource(time, timeout, cancellationToken);
        try
        {
            while (true)
            {
                var socket = await _lease.Listener.AcceptAsync(deadline.Token).ConfigureAwait(false);
                var peer = ((IPEndPoint)socket.RemoteEndPoint!).Address;
                if (EndpointRules.SameHost(peer, _expectedPeer))
                {
                    socket.NoDelay = true;
                    return socket;
                }

                FtpLog.ForeignDataConnection(_logger, peer.ToString(), Port);
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
        _expiry.Dispose();
        _lease.Dispose();
    }

    private void Expire()
    {
        if (Interlocked.CompareExchange(ref _state, Expired, Pending) == Pending)
        {
            _lease.Dispose();
            FtpLog.PassivePortExpired(_logger, Port, EndpointRules.Normalize(_expectedPeer).ToString());
        }
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
