using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using EcurepServer.Connections;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Core;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Core.Tree;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Protocol;
using EcurepServer.Ftp.Tls;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ftp.Session;

/// <summary>
/// One control connection: its state (TLS, PBSZ/PROT, user, directory, type, restart offset, data channel)
/// and its loop. Commands run one at a time; a transfer runs beside the loop so the loop can keep reading
/// (ABOR, STAT, and above all the peer closing the control connection). Its transcript gets every command line as
/// received, every reply as sent, the TLS handshakes, protection changes, data connections and why it ended.
/// </summary>
internal sealed class FtpSession
{
    private static readonly TimeSpan IdleOff = Timeout.InfiniteTimeSpan;

    private readonly FtpServerContext _server;
    private readonly CancellationTokenSource _readStop = new();
    private readonly TaskCompletionSource _controlClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _idleTimer;
    private readonly ITimer _loginTimer;
    private readonly StartupSlot? _startup;
    private PendingDataChannel? _dataChannel;
    private ActiveTransfer? _transfer;
    private volatile bool _idleFired;
    private volatile bool _loginGraceFired;
    private volatile bool _stopping;
    private bool _closeRequested;

    /// <summary>A fault ended the session: 1 politely (close_notify), 2 abruptly.</summary>
    private volatile int _faultDisconnect;
    private int _oversizedLines;
    private string? _endReason;
    private string? _endDetail;

    private bool _everLoggedIn;

    /// <summary>Looks at the first lines for a PROXY protocol header; null once they are known not to be one.</summary>
    private ProxyHeaderSniffer? _proxySniffer = new();

    /// <summary>The last transfer broke off as when the client vanishes, and no command came since.</summary>
    private volatile bool _interrupted;

    /// <param name="remote">The client's address: the socket's peer, or the one a trusted load balancer's PROXY header named.</param>
    /// <param name="startup">The session's place among those not logged in yet, given up at its first login.</param>
    public FtpSession(FtpServerContext server, Socket socket, IPEndPoint remote, StartupSlot? startup = null)
    {
        _server = server;
        _startup = startup;
        Id = SessionIds.New(server.Time.GetUtcNow());
        Transcript = server.Transcripts?.Open(Id) ?? SessionTranscript.None;
        RemoteEndPoint = new IPEndPoint(EndpointRules.Normalize(remote.Address), remote.Port);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        LocalAddress = EndpointRules.Normalize(local.Address);
        LocalEndPoint = new IPEndPoint(LocalAddress, local.Port);
        Control = new ControlChannel(socket, server.Options.MaxCommandLineBytes, server.Time, server.Options.DataTimeout, Transcript);
        _idleTimer = server.Time.CreateTimer(static state => ((FtpSession)state!).OnIdle(), this, IdleOff, IdleOff);
        _loginTimer = server.Time.CreateTimer(static state => ((FtpSession)state!).OnLoginGraceOver(), this, IdleOff, IdleOff);
    }

    public string Id { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The server address the client reached; passive listeners bind here.</summary>
    public IPAddress LocalAddress { get; }

    public IPEndPoint LocalEndPoint { get; }

    public SessionTranscript Transcript { get; }

    public ControlChannel Control { get; }

    public FtpServerContext Server => _server;

    public FtpServerOptions Options => _server.Options;

    public FtpReplyTexts Texts => _server.Texts;

    public TimeProvider Time => _server.Time;

    public ILogger Logger => _server.Logger;

    /// <summary>The control channel is encrypted now (AUTH done, no CCC since).</summary>
    public bool IsTls => Control.Tls is not null;

    /// <summary>AUTH succeeded on this connection; stays true after CCC, which clears the channel but not the login's protection.</summary>
    public bool TlsNegotiated { get; private set; }

    /// <summary>CCC has cleared the control channel; AUTH, PBSZ and PROT are refused from then on (RFC 4217 section 6).</summary>
    public bool CommandChannelCleared { get; private set; }

    public string ProtocolName => TlsNegotiated ? "ftps" : "ftp";

    public bool ProtectionBufferSet { get; set; }

    public bool DataProtected { get; set; }

    public string? PendingUser { get; set; }

    public Principal? Principal { get; private set; }

    public IDropBoxSession? DropBox { get; private set; }

    public int FailedLogins { get; set; }

    public VirtualPath CurrentDirectory { get; set; } = VirtualPath.Root;

    public bool AsciiType { get; set; }

    public long RestartOffset { get; set; }

    public bool EpsvAll { get; set; }

    public bool HasDataChannel => _dataChannel is not null;

    public ActiveTransfer? Transfer => _transfer;

    public bool ControlClosed => _controlClosed.Task.IsCompleted;

    /// <summary>The upload rate a throttle fault set for this session's uploads; 0 for none.</summary>
    public long UploadBytesPerSecond { get; set; }

    public SessionContext Context => new(Id, _server.SiteName, ProtocolName, RemoteEndPoint) { Transcript = Transcript };

    /// <summary>The drop box of a logged-in session; handlers that require login may rely on it.</summary>
    public IDropBoxSession Box => DropBox ?? throw new InvalidOperationException("Not logged in.");

    public Task ReplyAsync(int code, string text) => Control.SendAsync(new FtpReply(code, text), CancellationToken.None);

    public Task ReplyAsync(FtpReply reply) => Control.SendAsync(reply, CancellationToken.None);

    /// <summary>Replies with the Core message under the code RFC 959 gives the refusal; logs it.</summary>
    public Task RefuseAsync(string verb, Refusal refusal, bool storing = false)
    {
        FtpLog.Refused(Logger, verb, refusal.Kind.ToString(), refusal.Message);
        return ReplyAsync(RefusalCodes.For(refusal.Kind, storing), refusal.Message);
    }

    /// <summary>Ends the session after the current command, for the reason (one of <see cref="EndReasons"/>) its transcript gives.</summary>
    public void RequestClose(string reason, string? detail = null)
    {
        _closeRequested = true;
        Ending(reason, detail);
    }

    /// <summary>A transfer broke off as when the client vanishes (its data ended without close_notify or commit).</summary>
    public void TransferInterrupted() => _interrupted = true;

    /// <summary>Asks the fault rules about <paramref name="point"/>; the account is the logged-in one unless given.</summary>
    public ValueTask<FaultFiring?> FaultAsync(string point, FaultActionKind supported, string? account = null) =>
        _server.Faults.FireAsync(new FaultProbe(_server.SiteName, ProtocolName, account ?? Principal?.Name, RemoteEndPoint.Address, point, supported, Transcript), CancellationToken.None);

    /// <summary>The upload's fault rules for <c>after-bytes N</c> as it grows from <paramref name="before"/> to <paramref name="after"/> bytes.</summary>
    public ValueTask<FaultFiring?> FaultAfterBytesAsync(long before, long after, FaultActionKind supported, CancellationToken cancellationToken) =>
        _server.Faults.FireAfterBytesAsync(
            new FaultProbe(_server.SiteName, ProtocolName, Principal?.Name, RemoteEndPoint.Address, FaultPoint.AfterBytesName, supported, Transcript), before, after, cancellationToken);

    /// <summary>
    /// A fault closes the control connection: no more replies, a running transfer ends undelivered, and the TLS
    /// layer ends with close_notify only when <paramref name="graceful"/>.
    /// </summary>
    public void Disconnect(bool graceful)
    {
        _faultDisconnect = graceful ? 1 : 2;
        RequestClose(EndReasons.InjectedFault);
        CancelReading();
    }

    /// <summary>Tells the host's defender what this client did wrong.</summary>
    public void Offended(ClientOffence offence) => _server.Guard.Report(RemoteEndPoint.Address, offence);

    public void LogIn(Principal principal)
    {
        _everLoggedIn = true;
        _startup?.Dispose();
        Principal = principal;
        DropBox = _server.DropBox.OpenSession(principal, Context);
        PendingUser = null;
        CurrentDirectory = VirtualPath.Root;
    }

    /// <summary>After AUTH the session starts over, as if by REIN (RFC 4217 section 4).</summary>
    public void ResetForTls()
    {
        TlsNegotiated = true;
        PendingUser = null;
        Principal = null;
        DropBox = null;
        CurrentDirectory = VirtualPath.Root;
        AsciiType = false;
        RestartOffset = 0;
        EpsvAll = false;
        ProtectionBufferSet = false;
        DataProtected = false;
        SetDataChannel(null);
    }

    /// <summary>CCC: close_notify on the control channel, which goes on in clear over the same socket.</summary>
    public async Task ClearCommandChannelAsync()
    {
        await Control.ClearAsync(Options.TlsHandshakeTimeout).ConfigureAwait(false);
        CommandChannelCleared = true;
    }

    public void SetDataChannel(PendingDataChannel? channel)
    {
        var previous = Interlocked.Exchange(ref _dataChannel, channel);
        previous?.Dispose();
    }

    /// <summary>
    /// A transfer command takes the announced channel. False, and the channel dropped, when it was a passive port that
    /// went back to the pool because no transfer command came within the accept timeout.
    /// </summary>
    public bool ClaimDataChannel()
    {
        if (_dataChannel is PassiveDataChannel passive && !passive.TryClaim())
        {
            SetDataChannel(null);
            return false;
        }

        return true;
    }

    public async Task RunAsync()
    {
        using var scope = Logger.BeginScope(new SessionLogScope(this));
        FtpLog.SessionStarted(Logger);
        Transcript.Write(new SessionStartEvent(Options.RequireTls ? "ftps" : "ftp", _server.SiteName, RemoteEndPoint.ToString(), LocalEndPoint.ToString()));
        try
        {
            _loginTimer.Change(Options.LoginGraceTime, IdleOff);
            if (!await FtpFaults.AtConnectAsync(this).ConfigureAwait(false))
            {
                await ReplyAsync(new FtpReply(220, BannerText.Fill(Options.Banner, LocalAddress, Time.GetUtcNow()))).ConfigureAwait(false);
            }

            RestartIdle();
            while (!_closeRequested)
            {
                CommandLine line;
                try
                {
                    line = await Control.ReadAsync(_readStop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await EndByServerAsync().ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    Ending(EndReasons.ClientVanished, e.Message);
                    line = CommandLine.EndOfStream;
                }

                if (line.Status == CommandLineStatus.EndOfStream)
                {
                    FtpLog.SessionClosed(Logger, "client closed the control connection");
                    Ending(
                        _transfer is not null || _interrupted ? EndReasons.ClientVanished : EndReasons.ClientClosed,
                        _transfer is not null || _interrupted ? "the control connection closed under a transfer" : "the control connection closed without QUIT");
                    break;
                }

                if (_proxySniffer is not null && await SniffProxyHeaderAsync(line).ConfigureAwait(false))
                {
                    continue;
                }

                await HandleLineAsync(line).ConfigureAwait(false);
                if (_transfer is null)
                {
                    RestartIdle();
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or AuthenticationException)
        {
            FtpLog.SessionClosed(Logger, e.Message);
            Ending(e is AuthenticationException ? EndReasons.ProtocolError : EndReasons.ClientVanished, e.Message);
            if (e is AuthenticationException)
            {
                Offended(ClientOffence.ProtocolError);
            }
        }
        catch (Exception e)
        {
            FtpLog.SessionFailed(Logger, e);
            Ending(EndReasons.Fault, e.Message);
        }
        finally
        {
            await _idleTimer.DisposeAsync().ConfigureAwait(false);
            await _loginTimer.DisposeAsync().ConfigureAwait(false);
            _controlClosed.TrySetResult();
            await StopTransferAsync(TransferStopReason.ControlClosed).ConfigureAwait(false);
            SetDataChannel(null);
            await Control.CloseAsync(closeNotify: _faultDisconnect != 2).ConfigureAwait(false);
            await Control.DisposeAsync().ConfigureAwait(false);
            FtpLog.SessionEnded(Logger);
            Transcript.End(_endReason ?? EndReasons.ClientVanished, _endDetail);
            _startup?.Dispose();
            if (!_everLoggedIn && !_stopping)
            {
                Offended(ClientOffence.NoLogin);
            }
        }
    }

    /// <summary>Server stop: close now if idle, otherwise after the running transfer ends.</summary>
    public void BeginShutdown()
    {
        _stopping = true;
        if (_transfer is null)
        {
            CancelReading();
        }
    }

    /// <summary>The grace period is over: abort any transfer (nothing is delivered) and close.</summary>
    public void ForceShutdown()
    {
        _stopping = true;
        _transfer?.Stop(TransferStopReason.Shutdown);
        CancelReading();
    }

    /// <summary>The server ends this session now, for <paramref name="reason"/> (one of <see cref="EndReasons"/>): as <see cref="ForceShutdown"/>, nothing in transfer is delivered.</summary>
    public void Close(string reason)
    {
        Ending(reason);
        ForceShutdown();
    }

    /// <summary>Runs a transfer beside the command loop; the idle timer rests meanwhile (DataTimeout covers stalls).</summary>
    /// <param name="purpose">What the data connection carries, for the transcript: "upload", "download" or "listing".</param>
    public void StartTransfer(string purpose, Func<ActiveTransfer, Task> body)
    {
        var transfer = new ActiveTransfer(purpose);
        _transfer = transfer;
        _idleTimer.Change(IdleOff, IdleOff);
        transfer.Completion = RunTransferAsync(transfer, body);
    }

    /// <summary>
    /// Opens the announced data connection: accept or connect, then 150, then the TLS handshake under PROT P
    /// (clients start it after the 150). Replies 425/426/522 itself and returns null when it fails.
    /// </summary>
    public async Task<DataConnection?> OpenDataConnectionAsync(string openingText, ActiveTransfer transfer)
    {
        var pending = Interlocked.Exchange(ref _dataChannel, null);
        if (pending is null)
        {
            await ReplyAsync(425, Texts.UseDataCommandFirst).ConfigureAwait(false);
            return null;
        }

        transfer.Mode = pending is PassiveDataChannel ? "passive" : "active";
        try
        {
            var socket = await pending.ConnectAsync(Time, Options.DataConnectionAcceptTimeout, transfer.Token).ConfigureAwait(false);
            if (socket is null)
            {
                FtpLog.DataConnectionFailed(Logger, "no data connection arrived in time");
                DataConnectionEnded(transfer, "no-connection");
                await ReplyAsync(425, Texts.DataConnectionFailed).ConfigureAwait(false);
                return null;
            }

            DeadPeerDetection.Apply(socket, Options.DeadClientTimeout);
            transfer.ConnectedAt = Time.GetTimestamp();
            transfer.Peer = socket.RemoteEndPoint is IPEndPoint remote ? new IPEndPoint(EndpointRules.Normalize(remote.Address), remote.Port).ToString() : null;
            await ReplyAsync(150, openingText).ConfigureAwait(false);
            var peer = transfer.Peer ?? "?";
            var (connection, verdict, handshake) = DataProtected
                ? await DataConnection.ProtectAsync(socket, Control.Session!, Time, Options.TlsHandshakeTimeout, transfer.Token).ConfigureAwait(false)
                : (DataConnection.Clear(socket), null, null);
            if (handshake is not null)
            {
                Transcript.Write(handshake);
            }

            if (connection is null)
            {
                DataConnectionEnded(transfer, verdict is null ? "tls-failed" : "tls-refused");
                if (verdict is { } refused)
                {
                    FtpLog.DataTlsSessionRefused(Logger, peer, refused.Describe());
                    await ReplyAsync(522, Texts.DataTlsSessionNotReused).ConfigureAwait(false);
                    return null;
                }

                FtpLog.DataConnectionFailed(Logger, "TLS handshake on the data connection failed");
                await ReplyAsync(522, Texts.DataTlsFailed).ConfigureAwait(false);
                return null;
            }

            connection.Attach(transfer);
            return connection;
        }
        catch (OperationCanceledException) when (transfer.Token.IsCancellationRequested)
        {
            DataConnectionEnded(transfer, StopName(transfer.StopReason));
            await ReplyStoppedAsync(transfer).ConfigureAwait(false);
            return null;
        }
        finally
        {
            pending.Dispose();
        }
    }

    /// <summary>Notes in the transcript how a transfer's data connection ended (or why it never came).</summary>
    public void DataConnectionEnded(ActiveTransfer transfer, string end)
    {
        if (transfer.Mode is not { } mode)
        {
            return;
        }

        var seconds = transfer.ConnectedAt == 0 ? 0 : Math.Round(Time.GetElapsedTime(transfer.ConnectedAt).TotalSeconds, 3);
        Transcript.Write(new DataConnectionEvent(mode, transfer.Peer, transfer.Purpose, DataProtected, transfer.Bytes, seconds, end));
    }

    /// <summary>How a stopped transfer ended, as the transcript says it.</summary>
    public static string StopName(TransferStopReason reason) => reason switch
    {
        TransferStopReason.Abort => "aborted",
        TransferStopReason.ControlClosed => "control-closed",
        TransferStopReason.Shutdown => "server-stop",
        _ => "stopped",
    };

    /// <summary>The 426 a stopped transfer owes: to ABOR and server stop, not to a client that has gone.</summary>
    public Task ReplyStoppedAsync(ActiveTransfer transfer) =>
        transfer.StopReason == TransferStopReason.ControlClosed || ControlClosed
            ? Task.CompletedTask
            : ReplyAsync(426, Texts.TransferAborted);

    /// <summary>
    /// Whether the client is still there to be told 226. A killed client closes data and control together;
    /// its data EOF must not deliver the file. Checks the loop's view, polls the socket, and for clear
    /// uploads (no close_notify to rely on) watches a moment longer.
    /// </summary>
    public async Task<bool> ControlStillOpenAsync(TimeSpan settle)
    {
        if (ControlClosed || Control.PeerClosed())
        {
            return false;
        }

        if (settle > TimeSpan.Zero)
        {
            try
            {
                await _controlClosed.Task.WaitAsync(settle, Time).ConfigureAwait(false);
                return false;
            }
            catch (TimeoutException)
            {
            }
        }

        return !ControlClosed && !Control.PeerClosed();
    }

    /// <summary>
    /// True when the line is not to be handled as a command: it may start a PROXY protocol header, or is one and the
    /// session ends. A header here never came from a trusted balancer (its own was read before the session began), so
    /// it is refused rather than read as commands or believed.
    /// </summary>
    private async Task<bool> SniffProxyHeaderAsync(CommandLine line)
    {
        if (line.Status is not (CommandLineStatus.Line or CommandLineStatus.Malformed))
        {
            _proxySniffer = null;
            return false;
        }

        switch (_proxySniffer!.Next(line.Raw))
        {
            case ProxyHeaderVerdict.Undecided:
                return true;
            case ProxyHeaderVerdict.ProxyHeader:
                _proxySniffer = null;
                FtpLog.UntrustedProxyHeader(Logger, RemoteEndPoint.ToString());
                await ReplyAsync(421, Texts.ProxyHeaderRefused).ConfigureAwait(false);
                RequestClose(EndReasons.ProtocolError, "a PROXY protocol header from an address that is not a configured load balancer");
                Offended(ClientOffence.ProtocolError);
                return true;
            default:
                _proxySniffer = null;
                return false;
        }
    }

    private async Task HandleLineAsync(CommandLine line)
    {
        _interrupted = false;
        if (Transcript.IsEnabled)
        {
            Transcript.Write(CommandTranscript.For(line, HidesArgument(line)));
        }

        // Idle is the client's silence: the time the server takes over a command (a password hash, a TLS handshake on
        // a loaded machine) does not count, so the timer rests until the command is done.
        RestIdle();

        switch (line.Status)
        {
            case CommandLineStatus.TooLong:
                if (++_oversizedLines >= Options.MaxOversizedLines)
                {
                    FtpLog.SessionClosed(Logger, "too many oversized command lines");
                    await ReplyAsync(421, Texts.TooManyLongLines).ConfigureAwait(false);
                    RequestClose(EndReasons.ProtocolError, "too many oversized command lines");
                    Offended(ClientOffence.ProtocolError);
                }
                else
                {
                    await ReplyAsync(500, Texts.CommandLineTooLong).ConfigureAwait(false);
                }

                return;
            case CommandLineStatus.Malformed:
                await ReplyAsync(501, Texts.CommandLineMalformed).ConfigureAwait(false);
                return;
        }

        FtpLog.Command(Logger, line.Verb);
        if (_stopping)
        {
            await ReplyAsync(421, Texts.ShuttingDown).ConfigureAwait(false);
            RequestClose(EndReasons.ServerStop);
            return;
        }

        var handler = _server.Commands.Find(line.Verb);
        if (handler is null)
        {
            await ReplyAsync(500, FtpReplyTexts.Format(Texts.CommandUnknown, "verb", Printable(line.Verb))).ConfigureAwait(false);
            return;
        }

        if (_transfer is { } running && !handler.AllowedDuringTransfer)
        {
            await running.Completion.ConfigureAwait(false);
        }

        if (Options.RequireTls && !TlsNegotiated && !handler.AllowedBeforeTls)
        {
            await ReplyAsync(530, handler.RefusalBeforeTls(Texts)).ConfigureAwait(false);
            return;
        }

        if (handler.RequiresLogin && DropBox is null)
        {
            await ReplyAsync(530, Texts.NotLoggedIn).ConfigureAwait(false);
            return;
        }

        if (await FtpFaults.AtCommandAsync(this, handler, line.Argument).ConfigureAwait(false))
        {
            return;
        }

        await handler.ExecuteAsync(this, line.Argument).ConfigureAwait(false);
    }

    private async Task EndByServerAsync()
    {
        if (_faultDisconnect != 0)
        {
            FtpLog.SessionClosed(Logger, "a fault rule disconnected the session");
            return;
        }

        if (_loginGraceFired && !_stopping)
        {
            FtpLog.SessionClosed(Logger, "no login within the login grace time");
            Ending(EndReasons.LoginTimeout, $"no login within {Options.LoginGraceTime}");
            var seconds = Math.Ceiling(Options.LoginGraceTime.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await ReplyAsync(421, FtpReplyTexts.Format(Texts.LoginGraceExpired, "seconds", seconds)).ConfigureAwait(false);
            return;
        }

        if (_idleFired && !_stopping)
        {
            FtpLog.SessionClosed(Logger, "idle timeout");
            Ending(EndReasons.IdleTimeout, $"idle for {Options.IdleTimeout}");
            var seconds = ((long)Options.IdleTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await ReplyAsync(421, FtpReplyTexts.Format(Texts.IdleTimeout, "seconds", seconds)).ConfigureAwait(false);
            return;
        }

        FtpLog.SessionClosed(Logger, "server shutting down");
        Ending(EndReasons.ServerStop);
        if (_transfer is { } running)
        {
            await running.Completion.ConfigureAwait(false);
        }

        await ReplyAsync(421, Texts.ShuttingDown).ConfigureAwait(false);
    }

    private async Task RunTransferAsync(ActiveTransfer transfer, Func<ActiveTransfer, Task> body)
    {
        try
        {
            await body(transfer).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            FtpLog.DataConnectionFailed(Logger, e.Message);
        }
        catch (Exception e)
        {
            FtpLog.SessionFailed(Logger, e);
        }
        finally
        {
            _transfer = null;
            if (_stopping)
            {
                CancelReading();
            }
            else
            {
                RestartIdle();
            }
        }
    }

    private async Task StopTransferAsync(TransferStopReason reason)
    {
        if (_transfer is { } running)
        {
            running.Stop(reason);
            await running.Completion.ConfigureAwait(false);
        }
    }

    private void RestIdle() => ChangeIdle(IdleOff);

    private void RestartIdle() => ChangeIdle(Options.IdleTimeout);

    private void ChangeIdle(TimeSpan due)
    {
        try
        {
            _idleTimer.Change(due, IdleOff);
        }
        catch (ObjectDisposedException)
        {
            // The session is ending.
        }
    }

    private void OnIdle()
    {
        if (_transfer is not null)
        {
            return;
        }

        _idleFired = true;
        CancelReading();
    }

    /// <summary>The login grace time is over: a session still not logged in is closed (421), like SSH's LoginGraceTime.</summary>
    private void OnLoginGraceOver()
    {
        if (DropBox is not null)
        {
            return;
        }

        _loginGraceFired = true;
        CancelReading();
    }

    private void CancelReading()
    {
        try
        {
            _readStop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session has ended.
        }
    }

    private static string Printable(string verb) => verb.Length <= 32 ? verb : verb[..32];

    /// <summary>The first reason given is the one that ended the session.</summary>
    private void Ending(string reason, string? detail = null)
    {
        if (_endReason is null)
        {
            _endReason = reason;
            _endDetail = detail;
        }
    }

    /// <summary>PASS (unless it gives an anonymous user's e-mail) and ACCT carry secrets the transcript must not keep.</summary>
    private bool HidesArgument(CommandLine line) =>
        line.Verb switch
        {
            "PASS" => PendingUser is not { } user || !_server.Logins.IsAnonymousName(user),
            "ACCT" => true,
            _ => false,
        };
}
