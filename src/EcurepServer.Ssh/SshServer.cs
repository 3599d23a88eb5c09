using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EcurepServer.Connections;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Ssh.Connection;
using EcurepServer.Ssh.Keys;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Ssh;

/// <summary>An SSH-2 listener: accepts connections, runs transport, user authentication and the connection protocol.</summary>
public sealed class SshServer : IAsyncDisposable
{
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(2);

    private readonly SshServerOptions _options;
    private readonly ByteBudget _windowBudget;
    private volatile IReadOnlyList<SshHostKey> _hostKeys;
    private readonly ISshAuthenticator _authenticator;
    private readonly ISshSessionObserver? _observer;
    private readonly Dictionary<string, ISshSubsystemHandler> _subsystems;
    private readonly ILogger _logger;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly CancellationTokenSource _closeSessions = new();
    private readonly Dictionary<string, CancellationTokenSource> _closeConnection = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, AddressShare> _addresses = [];
    private readonly StartupLimiter _startups;
    private int _sessions;

    /// <summary>Connections from a load balancer whose PROXY header is still being read; they count against MaxSessions.</summary>
    private int _awaitingHeaders;
    private readonly HashSet<Task> _connections = [];
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private IPEndPoint? _localEndPoint;
    private int _stopping;

    public SshServer(
        SshServerOptions options,
        IReadOnlyList<SshHostKey> hostKeys,
        ISshAuthenticator authenticator,
        IReadOnlyDictionary<string, ISshSubsystemHandler> subsystems,
        ILoggerFactory? loggerFactory = null,
        ISshSessionObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hostKeys);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(subsystems);
        Validate(options, hostKeys);
        _options = options;
        _windowBudget = new ByteBudget(options.TotalChannelWindowBytes);
        _startups = new StartupLimiter(options.ToStartupLimits());
        _hostKeys = [.. hostKeys];
        _authenticator = authenticator;
        _subsystems = new Dictionary<string, ISshSubsystemHandler>(subsystems, StringComparer.Ordinal);
        _observer = observer;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SshServer>();
    }

    /// <summary>The host's hook at each stage of a connection (fault injection); none when null.</summary>
    public ISshStageHook? Stages { get; init; }

    /// <summary>
    /// The host's defender: a banned address gets a DISCONNECT at accept, before any key exchange; it is told of
    /// protocol errors and of connections that never authenticate.
    /// </summary>
    public IClientGuard Guard { get; init; } = NoClientGuard.Instance;

    /// <summary>
    /// The load balancers whose connections start with a PROXY protocol header naming the real client; that client's
    /// address, not the balancer's, is then banned, limited and logged.
    /// </summary>
    public ProxyProtocolGate ProxyProtocol { get; init; } = ProxyProtocolGate.None;

    /// <summary>The bound address and port (the real port when the options asked for port 0).</summary>
    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>Channel window bytes granted to clients and not yet consumed, across all connections (TotalChannelWindowBytes bounds it).</summary>
    public long ChannelWindowBytesReserved => _windowBudget.Reserved;

    /// <summary>True from a successful start until the listener stops or its accept loop ends.</summary>
    public bool IsAccepting => _listener is not null && !_acceptLoop.IsCompleted;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The server has already been started.");
        }

        var endPoint = new IPEndPoint(_options.BindAddress, _options.Port);
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(endPoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _localEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        ConnectionLog.Listening(_logger, _localEndPoint);
        _acceptLoop = AcceptLoopAsync(listener);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, lets running sessions end until <paramref name="cancellationToken"/> fires, then closes them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            _listener?.Dispose();
        }

        await _acceptLoop.ConfigureAwait(false);
        try
        {
            await Task.WhenAll(RunningConnections()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _closeSessions.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(RunningConnections()).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection <paramref name="connectionId"/> as a server stop closes it (DISCONNECT); false when this server has no such connection.</summary>
    public bool Close(string connectionId)
    {
        CancellationTokenSource? close;
        lock (_lock)
        {
            _closeConnection.TryGetValue(connectionId, out close);
        }

        try
        {
            close?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile.
        }

        return close is not null;
    }

    /// <summary>New connections offer these host keys; connections already open keep the ones they exchanged keys with.</summary>
    /// <exception cref="ArgumentException">None of the keys serves a configured host key algorithm; the old keys stay.</exception>
    public void ReplaceHostKeys(IReadOnlyList<SshHostKey> hostKeys)
    {
        ArgumentNullException.ThrowIfNull(hostKeys);
        if (!hostKeys.Any(key => key.SignatureAlgorithms.Any(_options.HostKeyAlgorithms.Contains)))
        {
            throw new ArgumentException("No host key serves any of the configured host key algorithms.", nameof(hostKeys));
        }

        _hostKeys = [.. hostKeys];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _closeSessions.Dispose();
        _startups.Dispose();
    }

    private static void Validate(SshServerOptions options, IReadOnlyList<SshHostKey> hostKeys)
    {
        if (hostKeys.Count == 0)
        {
            throw new ArgumentException("At least one host key is needed.", nameof(hostKeys));
        }

        var problems = options.Validate(nameof(SshServerOptions));
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
    }

    /// <summary>Connections from a load balancer whose PROXY header is being read now.</summary>
    internal int AwaitingHeaders
    {
        get
        {
            lock (_lock)
            {
                return _awaitingHeaders;
            }
        }
    }

    private Task[] RunningConnections()
    {
        lock (_lock)
        {
            return [.. _connections];
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception) when (Volatile.Read(ref _stopping) == 1)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue;
            }
            catch (Exception e)
            {
                ConnectionLog.AcceptFailed(_logger, e);
                return;
            }

            Track(Task.Run(() => HandleConnectionAsync(socket)));
        }
    }

    private void Track(Task connection)
    {
        lock (_lock)
        {
            _connections.Add(connection);
        }

        _ = connection.ContinueWith(
            done =>
            {
                lock (_lock)
                {
                    _connections.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task HandleConnectionAsync(Socket socket)
    {
        IPEndPoint remote;
        IPEndPoint local;
        try
        {
            remote = (IPEndPoint)socket.RemoteEndPoint!;
            local = (IPEndPoint)socket.LocalEndPoint!;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            return;
        }

        if (ProxyProtocol.Trusts(remote.Address))
        {
            if (!TryAwaitHeader())
            {
                Guard.Refused(remote.Address, ConnectionRefusal.TooManySessions);
                await RefuseAsync(socket, remote, ($"the server already serves {_options.MaxSessions} connections (sessions and connections whose PROXY header is still awaited)", "too many connections; try again later")).ConfigureAwait(false);
                return;
            }

            IPEndPoint? client;
            try
            {
                client = await ReadBalancerHeaderAsync(socket, remote).ConfigureAwait(false);
            }
            finally
            {
                lock (_lock)
                {
                    _awaitingHeaders--;
                }
            }

            if (client is null)
            {
                socket.Dispose();
                return;
            }

            remote = client;
        }

        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        if (!Guard.Admits(address))
        {
            await RefuseAsync(socket, remote, ("the address is banned", "too many failed logins or errors from your address; try again later"), SshDisconnectReason.ByApplication).ConfigureAwait(false);
            return;
        }

        if (_startups.TryEnter(address, out var crowded) is not { } startup)
        {
            Guard.Refused(address, ConnectionRefusal.TooManyStartups);
            await RefuseAsync(socket, remote, (crowded!, "too many connections waiting to log in; try again later")).ConfigureAwait(false);
            return;
        }

        var (share, refusal) = TryReserve(address);
        if (refusal is { } reason)
        {
            startup.Dispose();
            Guard.Refused(address, ConnectionRefusal.TooManySessions);
            await RefuseAsync(socket, remote, reason).ConfigureAwait(false);
            return;
        }

        var windows = new ChannelWindowAccount(new ByteBudget(_options.MaxChannelWindowBytesPerConnection), share!.Window, _windowBudget, address);

        var observer = _observer?.Connected(remote, local) ?? new NoConnectionObserver(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var scope = new ConnectionLogScope(observer.ConnectionId, remote);
        using var logScope = _logger.BeginScope(scope);
        (SshEndReason Reason, string? Detail) end = (SshEndReason.Fault, null);
        using var close = CancellationTokenSource.CreateLinkedTokenSource(_closeSessions.Token);
        lock (_lock)
        {
            _closeConnection[observer.ConnectionId] = close;
        }

        try
        {
            await using var stream = new AbortableNetworkStream(socket);
            socket.NoDelay = true;
            DeadPeerDetection.Apply(socket, _options.DeadClientTimeout);
            end = await ServeAsync(stream, scope, windows, observer, startup, close.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ConnectionLog.Failed(_logger, remote, e);
            end = (SshEndReason.Fault, e.Message);
        }
        finally
        {
            lock (_lock)
            {
                _closeConnection.Remove(observer.ConnectionId);
            }

            socket.Dispose();
            Release(address);
            startup.Dispose();
            if (scope.User is null && end.Reason is not (SshEndReason.ServerStop or SshEndReason.InjectedFault))
            {
                Guard.Report(address, ClientOffence.NoLogin);
            }

            observer.Ended(end.Reason, end.Detail);
        }
    }

    /// <summary>The client a trusted balancer's PROXY header names; null (logged) when the header is bad or the balancer checks its own connection.</summary>
    private async Task<IPEndPoint?> ReadBalancerHeaderAsync(Socket socket, IPEndPoint balancer)
    {
        try
        {
            var header = await ProxyProtocol.ReadAsync(socket, _closeSessions.Token).ConfigureAwait(false);
            if (header.Source is null)
            {
                ConnectionLog.BalancerCheck(_logger, balancer);
            }

            return header.Source;
        }
        catch (ProxyHeaderException e)
        {
            ConnectionLog.Refused(_logger, balancer, $"bad PROXY protocol header from a trusted load balancer: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    private async Task<(SshEndReason Reason, string? Detail)> ServeAsync(
        AbortableNetworkStream stream, ConnectionLogScope scope, ChannelWindowAccount windows, ISshConnectionObserver observer, StartupSlot startup, CancellationToken close)
    {
        ConnectionLog.Accepted(_logger, scope.RemoteEndPoint);
        using var loginDeadline = new CancellationTokenSource(_options.LoginGraceTime, _time);
        if (!await ConnectStageAsync(stream, scope, observer, loginDeadline.Token).ConfigureAwait(false))
        {
            return (SshEndReason.InjectedFault, "at connect");
        }

        ISshPacketTransport transport;
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(loginDeadline.Token, close))
        {
            try
            {
                transport = await SshTransport.AcceptAsync(
                    stream, observer, scope.RemoteEndPoint, _options, _hostKeys, _logger, handshake.Token,
                    Stages is null ? null : (started, token) => StageAsync(Stages, SshStage.KeyExchange, started, null, token)).ConfigureAwait(false);
            }
            catch (SshProtocolException e)
            {
                ConnectionLog.ProtocolFault(_logger, scope.RemoteEndPoint, e.Reason, e.Message);
                Guard.Report(scope.RemoteEndPoint.Address, ClientOffence.ProtocolError);
                return (SshEndReason.ProtocolError, e.Message);
            }
            catch (OperationCanceledException)
            {
                ConnectionLog.Closed(_logger, scope.RemoteEndPoint, "no key exchange before the login grace time ran out or the server stopped");
                return close.IsCancellationRequested
                    ? (SshEndReason.ServerStop, "during the key exchange")
                    : (SshEndReason.LoginTimeout, "no key exchange within the login grace time");
            }
            catch (SshStageAbortedException e)
            {
                ConnectionLog.Closed(_logger, scope.RemoteEndPoint, e.Message);
                return (SshEndReason.InjectedFault, e.Message);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                ConnectionLog.Closed(_logger, scope.RemoteEndPoint, $"connection lost during the key exchange: {e.Message}");
                return (e is EndOfStreamException ? SshEndReason.ClientClosed : SshEndReason.ClientVanished, $"during the key exchange: {e.Message}");
            }
        }

        await using (transport.ConfigureAwait(false))
        {
            var connection = new SshConnection(transport, _options, _authenticator, _subsystems, windows, scope, _logger, _time)
            {
                Stages = Stages,
                Guard = Guard,
                Startup = startup,
            };
            return await connection.RunAsync(loginDeadline.Token, close).ConfigureAwait(false);
        }
    }

    /// <summary>Asks the hook at a stage where the transport runs; ends the connection as it says and unwinds as a lost connection.</summary>
    internal static async ValueTask StageAsync(ISshStageHook hook, SshStage stage, ISshPacketTransport transport, string? user, CancellationToken cancellationToken)
    {
        var context = new SshAuthContext(transport.ConnectionId, transport.RemoteEndPoint, transport.ClientVersion) { Observer = transport.Observer };
        var how = await hook.AtStageAsync(stage, context, user, cancellationToken).ConfigureAwait(false);
        if (how != SshAbort.None)
        {
            await transport.AbortAsync(how).ConfigureAwait(false);
            throw new SshStageAbortedException(stage, how);
        }
    }

    /// <summary>The hook at connect, before the version line: false when it ended the connection.</summary>
    private async ValueTask<bool> ConnectStageAsync(
        AbortableNetworkStream stream, ConnectionLogScope scope, ISshConnectionObserver observer, CancellationToken cancellationToken)
    {
        if (Stages is null)
        {
            return true;
        }

        var context = new SshAuthContext(scope.ConnectionId, scope.RemoteEndPoint, string.Empty) { Observer = observer };
        SshAbort how;
        try
        {
            how = await Stages.AtStageAsync(SshStage.Connect, context, null, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        switch (how)
        {
            case SshAbort.None:
                return true;
            case SshAbort.Reset:
                stream.Reset();
                break;
            case SshAbort.Disconnect:
                using (var timeout = new CancellationTokenSource(RefusalTimeout))
                {
                    try
                    {
                        var refusal = EarlyDisconnect.Build(_options.SoftwareVersion, SshDisconnectReason.ByApplication, SshTransport.AbortDescription);
                        await stream.WriteAsync(refusal, timeout.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                    {
                    }
                }

                break;
        }

        ConnectionLog.Closed(_logger, scope.RemoteEndPoint, $"ended by the host at {SshStage.Connect} ({how})");
        return false;
    }

    /// <summary>
    /// Counts the connection in and returns its address's share, or says why it is refused: (what the log says, what the
    /// client is told).
    /// </summary>
    private (AddressShare? Share, (string Log, string Client)? Refusal) TryReserve(IPAddress address)
    {
        lock (_lock)
        {
            if (_sessions + _awaitingHeaders >= _options.MaxSessions)
            {
                return (null, ($"the server already serves {_options.MaxSessions} connections", "too many connections; try again later"));
            }

            if (!_addresses.TryGetValue(address, out var share))
            {
                share = new AddressShare(new ByteBudget(_options.MaxChannelWindowBytesPerAddress));
                _addresses[address] = share;
            }
            else if (share.Connections >= _options.MaxSessionsPerAddress)
            {
                return (null, ($"more than {_options.MaxSessionsPerAddress} connections from one address", "too many connections from your address"));
            }

            share.Connections++;
            _sessions++;
            return (share, null);
        }
    }

    /// <summary>Counts a balancer's connection in while its PROXY header is read; false when the sessions and such connections reach MaxSessions.</summary>
    private bool TryAwaitHeader()
    {
        lock (_lock)
        {
            if (_sessions + _awaitingHeaders >= _options.MaxSessions)
            {
                return false;
            }

            _awaitingHeaders++;
            return true;
        }
    }

    private void Release(IPAddress address)
    {
        lock (_lock)
        {
            _sessions--;
            if (--_addresses[address].Connections == 0)
            {
                _addresses.Remove(address);
            }
        }
    }

    /// <summary>What the connections from one client address hold together; it lives while any of them does.</summary>
    private sealed class AddressShare(ByteBudget window)
    {
        public int Connections { get; set; }

        public ByteBudget Window { get; } = window;
    }

    /// <summary>Sends the refusal, then waits briefly for the client to hang up so it reads the reason before the socket closes.</summary>
    private async Task RefuseAsync(Socket socket, IPEndPoint remote, (string Log, string Client) reason, SshDisconnectReason code = SshDisconnectReason.TooManyConnections)
    {
        ConnectionLog.Refused(_logger, remote, reason.Log);
        using (socket)
        {
            using var timeout = new CancellationTokenSource(RefusalTimeout);
            try
            {
                var refusal = EarlyDisconnect.Build(_options.SoftwareVersion, code, reason.Client);
                await socket.SendAsync(refusal, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Send);
                var discard = new byte[1024];
                while (await socket.ReceiveAsync(discard, SocketFlags.None, timeout.Token).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
