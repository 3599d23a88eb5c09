using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EcurepServer.Connections;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Session;
using EcurepServer.Ftp.Tls;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ftp;

/// <summary>
/// One FTP/FTPS listener (RFC 959, 2228, 2389, 2428, 3659, 4217). Every drop-box rule comes from Core through
/// <see cref="ILoginService"/> and <see cref="IDropBox"/>; every text from <see cref="FtpServerOptions.Replies"/>.
/// One async task per session; no thread per connection.
/// </summary>
public sealed class FtpServer : IAsyncDisposable
{
    private readonly FtpServerContext _context;
    private readonly Dictionary<FtpSession, Task> _sessions = [];

    /// <summary>Connections from a load balancer whose PROXY header is still being read.</summary>
    private readonly HashSet<Task> _balanced = [];
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _acceptStop = new();
    private readonly StartupLimiter _startups;
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private bool _stopped;

    /// <param name="siteName">The site shown in STAT and carried into logs, receipts and Core's login policy.</param>
    /// <param name="certificates">
    /// The TLS certificate with its private key, or an RSA and an ECDSA one (each client gets the one its ClientHello
    /// can take, ECDSA first); none only for a plain server (RequireTls false).
    /// </param>
    /// <param name="passivePorts">
    /// The pools this server shares with others: it takes the one of its options' passive range. Null gives it its own.
    /// </param>
    /// <param name="transcripts">Where each session's transcript goes; none without it.</param>
    public FtpServer(
        string siteName,
        FtpServerOptions options,
        IReadOnlyList<X509Certificate2>? certificates,
        ILoginService loginService,
        IDropBox dropBox,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        PassivePortPools? passivePorts = null,
        ITranscriptSink? transcripts = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loginService);
        ArgumentNullException.ThrowIfNull(dropBox);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var problems = options.Validate(nameof(FtpServerOptions));
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        if ((certificates is null || certificates.Count == 0) && options.RequireTls)
        {
            throw new ArgumentException("RequireTls needs a server certificate.", nameof(certificates));
        }

        var tls = TlsCredentials.Create(certificates, options.RequireTlsSessionReuse);
        var pool = (passivePorts ?? new PassivePortPools()).For(options.PassivePortMin, options.PassivePortMax);
        _context = new FtpServerContext(siteName, options, tls, loginService, dropBox, loggerFactory, timeProvider, pool, transcripts);
        _startups = new StartupLimiter(options.ToStartupLimits());
    }

    /// <summary>The fault rules the sessions ask at each point (connect, tls-handshake, login, each command, after-bytes N).</summary>
    public IFaultInjector Faults
    {
        get => _context.Faults;
        init => _context.Faults = value ?? NoFaults.Instance;
    }

    /// <summary>The host's defender: a banned address is refused at accept with 421, before any TLS work.</summary>
    public IClientGuard Guard
    {
        get => _context.Guard;
        init => _context.Guard = value ?? NoClientGuard.Instance;
    }

    /// <summary>
    /// The load balancers whose connections start with a PROXY protocol header naming the real client; that client's
    /// address, not the balancer's, is then banned, limited, logged and checked against data connections.
    /// </summary>
    public ProxyProtocolGate ProxyProtocol { get; init; } = ProxyProtocolGate.None;

    /// <summary>
    /// New AUTH TLS handshakes present these certificates (the same rules as the constructor's); sessions already
    /// protected, and their data connections, keep the certificate they started with.
    /// </summary>
    public void ReplaceCertificates(IReadOnlyList<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        if (_context.Tls is null)
        {
            throw new InvalidOperationException("This listener was started without a certificate.");
        }

        _context.Tls = TlsCredentials.Create(certificates, _context.Options.RequireTlsSessionReuse)
            ?? throw new ArgumentException("At least one certificate is needed.", nameof(certificates));
    }

    /// <summary>The bound endpoint once started; with Port 0 it holds the port the OS chose.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>True from a successful start until the listener stops or its accept loop ends.</summary>
    public bool IsAccepting => _listener is not null && !_acceptLoop.IsCompleted;

    /// <summary>Sessions currently open.</summary>
    public int SessionCount
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_listener is not null)
        {
            throw new InvalidOperationException("The FTP server is already started.");
        }

        _listener = Bind(_context.Options);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        FtpLog.Listening(_context.Logger, LocalEndPoint.ToString());
        _acceptLoop = AcceptLoopAsync(_listener);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting at once; lets running transfers finish until <paramref name="cancellationToken"/> is
    /// cancelled (the host's grace period), then aborts them (nothing half-received is delivered) and closes
    /// every session with 421.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        await _acceptStop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Task[] balanced;
        lock (_lock)
        {
            balanced = [.. _balanced];
        }

        await Task.WhenAll(balanced).ConfigureAwait(false);

        FtpSession[] sessions;
        Task all;
        lock (_lock)
        {
            sessions = [.. _sessions.Keys];
            all = Task.WhenAll(_sessions.Values);
        }

        foreach (var session in sessions)
        {
            session.BeginShutdown();
        }

        try
        {
            await all.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            foreach (var session in sessions)
            {
                session.ForceShutdown();
            }

            await all.ConfigureAwait(false);
        }

        FtpLog.Stopped(_context.Logger);
    }

    /// <summary>Ends the session <paramref name="sessionId"/> at once, for <paramref name="reason"/> (one of <see cref="EndReasons"/>); false when this server has no such session.</summary>
    public bool Close(string sessionId, string reason)
    {
        FtpSession? session;
        lock (_lock)
        {
            session = _sessions.Keys.FirstOrDefault(candidate => candidate.Id == sessionId);
        }

        session?.Close(reason);
        return session is not null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _acceptStop.Dispose();
        _startups.Dispose();
    }

    private static Socket Bind(FtpServerOptions options)
    {
        if (!options.BindAddress.Equals(IPAddress.IPv6Any))
        {
            return Listen(options.BindAddress, options.Port, options.ListenBacklog, dualMode: false);
        }

        if (Socket.OSSupportsIPv6)
        {
            try
            {
                return Listen(IPAddress.IPv6Any, options.Port, options.ListenBacklog, dualMode: true);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
            {
                // IPv6 is compiled in but not configured on this host.
            }
        }

        return Listen(IPAddress.Any, options.Port, options.ListenBacklog, dualMode: false);
    }

    private static Socket Listen(IPAddress address, int port, int backlog, bool dualMode)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (dualMode)
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_acceptStop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_acceptStop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors or a connection reset before accept: keep serving the others.
                FtpLog.AcceptFailed(_context.Logger, e);
                continue;
            }

            await AdmitAsync(socket).ConfigureAwait(false);
        }
    }

    private async Task AdmitAsync(Socket socket)
    {
        socket.NoDelay = true;
        DeadPeerDetection.Apply(socket, _context.Options.DeadClientTimeout);
        IPEndPoint peer;
        try
        {
            peer = (IPEndPoint)socket.RemoteEndPoint!;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            return;
        }

        if (ProxyProtocol.Trusts(peer.Address))
        {
            if (!HasRoomForBalanced())
            {
                _context.Guard.Refused(EndpointRules.Normalize(peer.Address), ConnectionRefusal.TooManySessions);
                FtpLog.ConnectionRefused(_context.Logger, peer.ToString(), "session limit reached (sessions and connections whose PROXY header is still awaited)");
                await RefuseAsync(socket, _context.Texts.TooManySessions).ConfigureAwait(false);
                return;
            }

            // The header is read off the accept loop: a slow balancer connection must not hold up the others.
            TrackBalanced(AdmitFromBalancerAsync(socket, peer));
            return;
        }

        await AdmitClientAsync(socket, new IPEndPoint(EndpointRules.Normalize(peer.Address), peer.Port)).ConfigureAwait(false);
    }

    /// <summary>Connections still awaiting their PROXY header count against MaxSessions, so headers held back cannot pile up unbounded.</summary>
    private bool HasRoomForBalanced()
    {
        lock (_lock)
        {
            return _sessions.Count + _balanced.Count < _context.Options.MaxSessions;
        }
    }

    private void TrackBalanced(Task admission)
    {
        lock (_lock)
        {
            _balanced.Add(admission);
        }

        _ = admission.ContinueWith(
            done =>
            {
                lock (_lock)
                {
                    _balanced.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task AdmitFromBalancerAsync(Socket socket, IPEndPoint balancer)
    {
        await Task.Yield();
        ProxyHeader header;
        try
        {
            header = await ProxyProtocol.ReadAsync(socket, _acceptStop.Token).ConfigureAwait(false);
        }
        catch (ProxyHeaderException e)
        {
            FtpLog.ConnectionRefused(_context.Logger, balancer.ToString(), $"bad PROXY protocol header from a trusted load balancer: {e.Message}");
            socket.Dispose();
            return;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Dispose();
            return;
        }

        if (header.Source is not { } client)
        {
            // The balancer's own connection (its health check): no session, nothing scored against its address.
            FtpLog.BalancerCheck(_context.Logger, balancer.ToString());
            socket.Dispose();
            return;
        }

        await AdmitClientAsync(socket, new IPEndPoint(EndpointRules.Normalize(client.Address), client.Port)).ConfigureAwait(false);
    }

    /// <param name="remote">The client: the socket's peer, or the one a trusted balancer's header named.</param>
    private async Task AdmitClientAsync(Socket socket, IPEndPoint remote)
    {
        var address = remote.Address;
        if (!_context.Guard.Admits(address))
        {
            FtpLog.ConnectionRefused(_context.Logger, remote.ToString(), "the address is banned");
            await RefuseAsync(socket, _context.Texts.AddressBanned).ConfigureAwait(false);
            return;
        }

        if (_startups.TryEnter(address, out var crowded) is not { } startup)
        {
            _context.Guard.Refused(address, ConnectionRefusal.TooManyStartups);
            FtpLog.ConnectionRefused(_context.Logger, remote.ToString(), crowded!);
            await RefuseAsync(socket, _context.Texts.TooManyStartups).ConfigureAwait(false);
            return;
        }

        FtpSession? session = null;
        lock (_lock)
        {
            var fromAddress = _perAddress.GetValueOrDefault(address);
            if (!_stopped && _sessions.Count < _context.Options.MaxSessions && fromAddress < _context.Options.MaxSessionsPerAddress)
            {
                session = new FtpSession(_context, socket, remote, startup);
                _perAddress[address] = fromAddress + 1;
                _sessions[session] = Task.CompletedTask;
            }
        }

        if (session is null)
        {
            startup.Dispose();
            _context.Guard.Refused(address, ConnectionRefusal.TooManySessions);
            FtpLog.ConnectionRefused(_context.Logger, remote.ToString(), "session limit reached");
            await RefuseAsync(socket, _context.Texts.TooManySessions).ConfigureAwait(false);
            return;
        }

        var run = RunSessionAsync(session, address);
        lock (_lock)
        {
            if (_sessions.ContainsKey(session))
            {
                _sessions[session] = run;
            }
        }
    }

    private async Task RunSessionAsync(FtpSession session, IPAddress address)
    {
        await Task.Yield();
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _sessions.Remove(session);
                var left = _perAddress.GetValueOrDefault(address) - 1;
                if (left > 0)
                {
                    _perAddress[address] = left;
                }
                else
                {
                    _perAddress.Remove(address);
                }
            }
        }
    }

    private async Task RefuseAsync(Socket socket, string text)
    {
        try
        {
            var reply = Encoding.UTF8.GetBytes("421 " + text + "\r\n");
            using var deadline = new TimeoutSource(_context.Time, TimeSpan.FromSeconds(5), CancellationToken.None);
            await socket.SendAsync(reply, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The refused client went away first.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
