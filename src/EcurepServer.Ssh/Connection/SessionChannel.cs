using System.Buffers;
using System.IO.Pipelines;
using EcurepServer.Ssh.Auth;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// One "session" channel (RFC 4254 section 6): both windows, the input and output pipes of the program it runs
/// (a subsystem or the exec/shell refusal) and the exit-status, EOF, CLOSE sequence. Every message this channel
/// sends passes one gate, so nothing follows its CLOSE. The channel's own stop (its CLOSE) never cancels a send on
/// the transport: a cancelled write would leave the transport unusable and end every other channel with it.
/// The receive window starts small and doubles while the client keeps it full (HPN-SSH style), each growth reserved
/// from the window budgets first, so the budgets hold what each channel can be made to buffer now, not the largest
/// window it may ever grant. It never shrinks: window kept back could leave a message the program waits to see whole
/// without the room to arrive.
/// </summary>
internal sealed class SessionChannel
{
    private const uint StderrDataType = 1;
    private const int FailedExitStatus = 1;
    private const int InputSegmentSize = 128 * 1024;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly SshWriter _writer = new();
    private readonly ISshPacketTransport _transport;
    private readonly ILogger _logger;
    private readonly Action<SessionChannel> _released;
    /// <summary>
    /// The program reads its input on the thread that received it (an inline reader scheduler): handing every packet to
    /// another thread cost a wake-up and a context switch per packet, a tenth of an upload's CPU. Its segments are large
    /// enough that most 32 KiB SFTP WRITEs lie in one piece of memory and go to the file without being gathered first;
    /// the pipe gives its segments back to the pool whenever the program has consumed everything, so an idle channel holds none.
    /// </summary>
    private readonly Pipe _input = new(new PipeOptions(
        readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, minimumSegmentSize: InputSegmentSize, useSynchronizationContext: false));

    /// <summary>
    /// The program's output is sent on the thread that flushed it (an inline reader scheduler), for the same reason:
    /// waking a pool thread to send each batch of SFTP replies cost a context switch per WRITE of an upload.
    /// </summary>
    private readonly Pipe _output = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _connectionEnded;
    private readonly ChannelWindowAccount _windows;
    private readonly long _maxWindow;
    private readonly uint _maxPacket;
    private readonly uint _peerMaxPacket;
    private long _receiveWindow;

    /// <summary>The window granted and reserved: what the client may still send plus what it sent and was not given back.</summary>
    private long _window;
    private bool _windowRanLow;
    private long _consumed;
    private long _sendWindow;
    private TaskCompletionSource? _windowWaiter;
    private bool _eofReceived;
    private bool _inputWriterCompleted;
    private bool _inputAbandoned;
    private bool _closeReceived;
    private bool _closeSent;
    private bool _programRunning;
    private bool _isReleased;

    public SessionChannel(
        uint localId,
        uint remoteId,
        uint peerWindow,
        uint peerMaxPacket,
        SshServerOptions options,
        ChannelWindowAccount windows,
        ISshPacketTransport transport,
        ILogger logger,
        Action<SessionChannel> released,
        CancellationToken connectionEnded)
    {
        LocalId = localId;
        RemoteId = remoteId;
        _sendWindow = peerWindow;
        _peerMaxPacket = Math.Min(peerMaxPacket, options.ChannelMaxPacketSize);
        _windows = windows;
        _maxWindow = options.ChannelWindowSize;
        _maxPacket = options.ChannelMaxPacketSize;
        _receiveWindow = _window = options.ChannelInitialWindowSize;
        _transport = transport;
        _logger = logger;
        _released = released;
        _connectionEnded = connectionEnded;
    }

    public uint LocalId { get; }

    public uint RemoteId { get; }

    /// <summary>The running program, or a completed task when none was started.</summary>
    public Task Program { get; private set; } = Task.CompletedTask;

    public bool HasProgram { get; private set; }

    public bool IsClosing
    {
        get
        {
            lock (_lock)
            {
                return _closeSent || _closeReceived;
            }
        }
    }

    /// <summary>
    /// Copies the data into the program's input; the program sees it at the next <see cref="FlushInputAsync"/>. False
    /// when the program no longer reads its input and the data was dropped (and given back to the window).
    /// </summary>
    public bool OnData(ReadOnlyMemory<byte> data)
    {
        bool drop;
        lock (_lock)
        {
            if (_eofReceived || _closeReceived)
            {
                throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"channel {LocalId}: data after EOF or CLOSE");
            }

            if (data.Length > _maxPacket)
            {
                throw new SshProtocolException(
                    SshDisconnectReason.ProtocolError, $"channel {LocalId}: {data.Length} bytes of data exceed the maximum packet of {_maxPacket}");
            }

            if (data.Length > _receiveWindow)
            {
                throw new SshProtocolException(
                    SshDisconnectReason.ProtocolError, $"channel {LocalId}: {data.Length} bytes of data exceed the remaining window of {_receiveWindow}");
            }

            _receiveWindow -= data.Length;
            NoteWindowUse();
            drop = _inputAbandoned;
        }

        if (drop)
        {
            OnInputConsumed(data.Length);
            return false;
        }

        _input.Writer.Write(data.Span);
        return true;
    }

    /// <summary>
    /// Hands the data copied in since the last flush to the program, which reads it on this thread before this returns
    /// or waits. The pipe never pauses its writer: the window already bounds what it can hold.
    /// </summary>
    public async ValueTask FlushInputAsync()
    {
        if (!_inputWriterCompleted)
        {
            await _input.Writer.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Data the session does not use (extended data from the client): counted against the window and given back.</summary>
    public void OnDiscardedData(int length)
    {
        lock (_lock)
        {
            if (length > _maxPacket || length > _receiveWindow)
            {
                throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"channel {LocalId}: extended data exceed the window or maximum packet");
            }

            _receiveWindow -= length;
            NoteWindowUse();
        }

        OnInputConsumed(length);
    }

    public void OnWindowAdjust(uint bytes)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _sendWindow += bytes;
            if (_sendWindow > uint.MaxValue)
            {
                throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"channel {LocalId}: window adjust beyond 2^32-1");
            }

            waiter = _windowWaiter;
            _windowWaiter = null;
        }

        waiter?.TrySetResult();
    }

    public void OnEof()
    {
        lock (_lock)
        {
            _eofReceived = true;
        }

        CompleteInput();
    }

    public async Task OnCloseAsync()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            if (_closeReceived)
            {
                throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"channel {LocalId}: second CLOSE");
            }

            _closeReceived = true;
            waiter = _windowWaiter;
            _windowWaiter = null;
        }

        waiter?.TrySetResult();
        CompleteInput();
        await _stop.CancelAsync().ConfigureAwait(false);
        await SendGatedAsync(GatedMessage.Close, 0).ConfigureAwait(false);
        TryRelease();
    }

    /// <summary>Called when the connection ends: stops the program and wakes anything waiting for window.</summary>
    public void Abort()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            waiter = _windowWaiter;
            _windowWaiter = null;
        }

        waiter?.TrySetCanceled();
        CompleteInput();
        _stop.Cancel();
    }

    public Task ReplyAsync(bool success) =>
        SendGatedAsync(success ? GatedMessage.Success : GatedMessage.Failure, 0);

    public void StartSubsystem(string name, ISshSubsystemHandler handler, AuthenticatedUser user)
    {
        var session = new SshSubsystemSession(
            name,
            user.User,
            user.Identity,
            _transport.ConnectionId,
            _transport.RemoteEndPoint,
            new ChannelInputReader(_input.Reader, this),
            _output.Writer)
        {
            Observer = _transport.Observer,
            AbortConnection = how => _transport.AbortAsync(how),
        };
        Start(token => handler.RunAsync(session, token));
    }

    /// <summary>Writes <paramref name="message"/> to the client's stderr and ends with exit status 1.</summary>
    public void StartRefusal(ReadOnlyMemory<byte> message) =>
        Start(async token =>
        {
            await SendDataAsync(new ReadOnlySequence<byte>(message), StderrDataType, token).ConfigureAwait(false);
            return FailedExitStatus;
        });

    /// <summary>The window this channel holds reserved from the budgets (its granted window); 0 once given back.</summary>
    public long ReservedWindow
    {
        get
        {
            lock (_lock)
            {
                return _window;
            }
        }
    }

    /// <summary>
    /// Bytes the program consumed from its input (0 when it looked at the input and waits for more); window goes back
    /// to the client in batches, grown when the client filled the window since the last batch. A program waiting for
    /// the rest of a message gets back what it consumed before and, when the message fills the window, a larger one.
    /// </summary>
    public void OnInputConsumed(long count)
    {
        long adjust;
        lock (_lock)
        {
            _consumed += count;
            var consumedEnough = _consumed > 3L * _maxPacket;
            var windowLow = _receiveWindow < _window / 2;
            if (!consumedEnough && !windowLow)
            {
                return;
            }

            adjust = _consumed + GrowWindow();
            _consumed = 0;
            _receiveWindow += adjust;
        }

        if (adjust > 0)
        {
            _ = SendWindowAdjustAsync((uint)adjust);
        }
    }

    /// <summary>Gives the whole reserved window back to the budgets; the channel grows no more. Called once, when it is released.</summary>
    public void ReleaseWindow()
    {
        long reserved;
        lock (_lock)
        {
            reserved = _window;
            _window = 0;
            _windowRanLow = false;
        }

        _windows.Release(reserved);
    }

    /// <summary>The client used three quarters of the window before the server consumed it: the window holds the transfer back.</summary>
    private void NoteWindowUse()
    {
        if (_receiveWindow < _window / 4)
        {
            _windowRanLow = true;
        }
    }

    /// <summary>Doubles the window, as far as the budgets allow, when the client filled it since the last adjust; returns the growth. Under the lock.</summary>
    private long GrowWindow()
    {
        var ranLow = _windowRanLow;
        _windowRanLow = false;
        var growth = Math.Min(_window, _maxWindow - _window);
        if (!ranLow || growth <= 0 || _windows.TryReserve(growth) is not null)
        {
            return 0;
        }

        _window += growth;
        return growth;
    }

    public void OnInputAbandoned()
    {
        lock (_lock)
        {
            _inputAbandoned = true;
        }
    }

    private void Start(Func<CancellationToken, Task<int>> body)
    {
        lock (_lock)
        {
            _programRunning = true;
        }

        HasProgram = true;
        Program = RunProgramAsync(body);
    }

    private async Task RunProgramAsync(Func<CancellationToken, Task<int>> body)
    {
        await Task.Yield();
        var token = _stop.Token;
        try
        {
            var pump = PumpOutputAsync(token);
            var status = FailedExitStatus;
            try
            {
                status = await body(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                ConnectionLog.ProgramFailed(_logger, LocalId, e);
            }
            finally
            {
                await _output.Writer.CompleteAsync().ConfigureAwait(false);
            }

            await pump.ConfigureAwait(false);
            await SendGatedAsync(GatedMessage.ExitAndClose, status).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ConnectionLog.ChannelEndedAbruptly(_logger, LocalId, e.Message);
        }
        finally
        {
            await _input.Reader.CompleteAsync().ConfigureAwait(false);
            lock (_lock)
            {
                _programRunning = false;
            }

            TryRelease();
        }
    }

    private async Task PumpOutputAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var sent = await SendDataAsync(result.Buffer, null, cancellationToken).ConfigureAwait(false);
                reader.AdvanceTo(result.Buffer.End);
                if (!sent || result.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="data"/> within the client's window and packet size; false when the channel closed first.</summary>
    private async Task<bool> SendDataAsync(ReadOnlySequence<byte> data, uint? extendedType, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var count = await AcquireSendWindowAsync(data.Length, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return false;
            }

            // The gate is never held while the transport waits out a key exchange: the reader, which runs the
            // exchange, needs the gate to answer a request or CLOSE on this channel.
            DataSend outcome;
            while ((outcome = await TrySendDataAsync(data.Slice(0, count), extendedType, cancellationToken).ConfigureAwait(false)) == DataSend.NoRoom)
            {
                await _transport.WaitForSendRoomAsync(cancellationToken).ConfigureAwait(false);
            }

            if (outcome == DataSend.Closing)
            {
                return false;
            }

            data = data.Slice(count);
        }

        return true;
    }

    private async Task<DataSend> TrySendDataAsync(ReadOnlySequence<byte> data, uint? extendedType, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsClosing)
            {
                return DataSend.Closing;
            }

            _writer.Reset();
            if (extendedType is { } type)
            {
                _writer.Byte(SshMessage.ChannelExtendedData).UInt32(RemoteId).UInt32(type);
            }
            else
            {
                _writer.Byte(SshMessage.ChannelData).UInt32(RemoteId);
            }

            _writer.UInt32((uint)data.Length);
            foreach (var segment in data)
            {
                _writer.Raw(segment.Span);
            }

            return await _transport.TrySendAsync(_writer.WrittenMemory, _connectionEnded).ConfigureAwait(false) ? DataSend.Sent : DataSend.NoRoom;
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task<int> AcquireSendWindowAsync(long wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_lock)
            {
                if (_closeReceived || _closeSent)
                {
                    return 0;
                }

                if (_sendWindow > 0)
                {
                    var count = (int)Math.Min(Math.Min(wanted, _sendWindow), _peerMaxPacket);
                    _sendWindow -= count;
                    return count;
                }

                waiter = _windowWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendWindowAdjustAsync(uint bytes)
    {
        try
        {
            await SendGatedAsync(GatedMessage.WindowAdjust, bytes).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ConnectionLog.ChannelEndedAbruptly(_logger, LocalId, e.Message);
        }
    }

    private enum DataSend
    {
        Sent,
        NoRoom,
        Closing,
    }

    private enum GatedMessage
    {
        Success,
        Failure,
        WindowAdjust,
        Close,
        ExitAndClose,
    }

    private async Task SendGatedAsync(GatedMessage message, long argument)
    {
        await _sendGate.WaitAsync(_connectionEnded).ConfigureAwait(false);
        try
        {
            _writer.Reset();
            bool closeReceived;
            lock (_lock)
            {
                if (_closeSent)
                {
                    return;
                }

                closeReceived = _closeReceived;
            }

            switch (message)
            {
                case GatedMessage.Success:
                    await SendAsync(_writer.Byte(SshMessage.ChannelSuccess).UInt32(RemoteId)).ConfigureAwait(false);
                    break;
                case GatedMessage.Failure:
                    await SendAsync(_writer.Byte(SshMessage.ChannelFailure).UInt32(RemoteId)).ConfigureAwait(false);
                    break;
                case GatedMessage.WindowAdjust when !closeReceived:
                    await SendAsync(_writer.Byte(SshMessage.ChannelWindowAdjust).UInt32(RemoteId).UInt32((uint)argument)).ConfigureAwait(false);
                    break;
                case GatedMessage.WindowAdjust:
                    break;
                case GatedMessage.ExitAndClose when !closeReceived:
                    await SendAsync(_writer.Byte(SshMessage.ChannelRequest).UInt32(RemoteId).Utf8("exit-status").Boolean(false).UInt32((uint)argument))
                        .ConfigureAwait(false);
                    await SendAsync(_writer.Byte(SshMessage.ChannelEof).UInt32(RemoteId)).ConfigureAwait(false);
                    await SendCloseAsync().ConfigureAwait(false);
                    break;
                default:
                    await SendCloseAsync().ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task SendCloseAsync()
    {
        await SendAsync(_writer.Byte(SshMessage.ChannelClose).UInt32(RemoteId)).ConfigureAwait(false);
        lock (_lock)
        {
            _closeSent = true;
        }
    }

    private async Task SendAsync(SshWriter message)
    {
        await _transport.SendAsync(message.WrittenMemory, _connectionEnded).ConfigureAwait(false);
        _writer.Reset();
    }

    private void CompleteInput()
    {
        if (_inputWriterCompleted)
        {
            return;
        }

        _inputWriterCompleted = true;
        _input.Writer.Complete();
    }

    private void TryRelease()
    {
        lock (_lock)
        {
            if (_isReleased || !_closeReceived || !_closeSent || _programRunning)
            {
                return;
            }

            _isReleased = true;
        }

        _released(this);
    }
}
