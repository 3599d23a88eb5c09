using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using EcurepServer.Connections;
using EcurepServer.Core;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tree;
using EcurepServer.Sftp.Handlers;
using EcurepServer.Sftp.Handles;
using EcurepServer.Sftp.Protocol;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Sftp;

/// <summary>
/// One run of the subsystem: reads whole messages from the input, handles them strictly in order and writes
/// the replies. Input is consumed only as requests are handled, so a slow disk or a full output holds the
/// transport back (the SSH window closes) instead of filling memory. The session's transcript gets every request and
/// its answer (WRITEs folded).
/// </summary>
internal sealed class SftpConnection
{
    public const uint ServerVersion = 3;

    /// <summary>Replies are flushed at least this often, so pipelined READs do not pile up unsent.</summary>
    private const int FlushThresholdBytes = 64 * 1024;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ILogger _logger;
    private readonly SftpTranscript _transcript;
    private bool _initialized;

    public SftpConnection(PipeReader input, PipeWriter output, IDropBoxSession session, SftpOptions options, ByteBudget serverWriteAhead, TimeProvider time, ILogger logger)
    {
        _input = input;
        _output = output;
        _logger = logger;
        Session = session;
        Options = options;
        Time = time;
        Replies = new ReplyWriter(output);
        Budget = new WriteAheadBudget(options.MaxWriteAheadBytes, serverWriteAhead);
        Throttle = new UploadThrottle(time);
        _transcript = new SftpTranscript(session.Context.Transcript, Handles, Replies);
    }

    public IDropBoxSession Session { get; }

    public SftpOptions Options { get; }

    public TimeProvider Time { get; }

    public ReplyWriter Replies { get; }

    public HandleTable Handles { get; } = new();

    /// <summary>Uploads closed under a deliver-on-rename name (WinSCP's <c>.filepart</c>), waiting for their RENAME.</summary>
    public Dictionary<VirtualPath, UploadHandle> AwaitingRename { get; } = [];

    public WriteAheadBudget Budget { get; }

    /// <summary>The fault rules asked at each request and as uploads grow.</summary>
    public IFaultInjector Faults { get; init; } = NoFaults.Instance;

    /// <summary>How the host ends the whole SSH connection for a disconnect or reset-data fault; null ends only this session.</summary>
    public Func<FaultAction, ValueTask>? AbortConnection { get; init; }

    /// <summary>The upload rate a throttle fault set for this session; 0 for none.</summary>
    public long UploadBytesPerSecond { get; set; }

    public UploadThrottle Throttle { get; }

    /// <summary>A fault has ended the session; no request after it is handled.</summary>
    public bool Ending { get; private set; }

    public ValueTask<FaultFiring?> FaultAsync(string point, FaultActionKind supported, CancellationToken cancellationToken) =>
        Faults.FireAsync(Probe(point, supported), cancellationToken);

    public ValueTask<FaultFiring?> FaultAfterBytesAsync(long before, long after, FaultActionKind supported, CancellationToken cancellationToken) =>
        Faults.FireAfterBytesAsync(Probe(FaultPoint.AfterBytesName, supported), before, after, cancellationToken);

    /// <summary>Ends the connection as the fault says (through the host), or at least this session.</summary>
    public async ValueTask EndByFaultAsync(FaultAction action)
    {
        Ending = true;
        await Replies.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (AbortConnection is { } abort)
        {
            await abort(action).ConfigureAwait(false);
        }
    }

    public bool HasRoomForHandle => Handles.Count + AwaitingRename.Count < Options.MaxOpenHandles;

    /// <summary>SFTP paths are absolute or relative to "/": the session has no working directory of its own.</summary>
    public Outcome<VirtualPath> Resolve(string input) => Session.Resolve(VirtualPath.Root, input);

    /// <summary>This session's upload of <paramref name="path"/>, open or waiting for its RENAME.</summary>
    public UploadHandle? FindUpload(VirtualPath path)
    {
        if (AwaitingRename.TryGetValue(path, out var waiting))
        {
            return waiting;
        }

        foreach (var handle in Handles.All)
        {
            if (handle is UploadHandle upload && upload.Path.Equals(path))
            {
                return upload;
            }
        }

        return null;
    }

    private FaultProbe Probe(string point, FaultActionKind supported)
    {
        var context = Session.Context;
        return new FaultProbe(context.Site, context.Protocol, Session.Principal.Name, context.ClientAddress, point, supported, context.Transcript);
    }

    public void Reply(uint id, StatusReply status) => Replies.Status(id, status.Code, status.Message);

    public void Ok(uint id) => Replies.Status(id, StatusCode.Ok, "Success");

    public void InvalidHandle(uint id) => Replies.Status(id, StatusCode.Failure, "Invalid handle.");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ServeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host ended the session; what follows cleans up as for any other end.
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var keepGoing = true;
            try
            {
                while (keepGoing)
                {
                    var frame = MessageFraming.TryRead(ref buffer, Options.MaxMessageBytes, out var message, out var length);
                    if (frame == FrameResult.Incomplete)
                    {
                        break;
                    }

                    keepGoing = frame switch
                    {
                        FrameResult.TooLarge => TooLarge(length),
                        FrameResult.Empty => Violation("an empty message arrived"),
                        _ => await DispatchAsync(message, cancellationToken).ConfigureAwait(false),
                    };
                    if (keepGoing && Replies.UnflushedBytes >= FlushThresholdBytes)
                    {
                        keepGoing = await FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (!keepGoing || !await FlushAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    Violation("the input ended inside a message");
                }

                return;
            }
        }
    }

    /// <summary>False when the session must end: the framing or the protocol's order cannot be trusted any more.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DispatchAsync(ReadOnlySequence<byte> message, CancellationToken cancellationToken)
    {
        var type = message.FirstSpan[0];
        var payload = message.Slice(1);
        if (!_initialized)
        {
            return type == (byte)MessageType.Init ? Initialize(payload) : Violation($"message type {type} arrived before SSH_FXP_INIT");
        }

        if (type == (byte)MessageType.Init)
        {
            return Violation("a second SSH_FXP_INIT arrived");
        }

        if (payload.Length < sizeof(uint))
        {
            return Violation($"a message of type {type} has no request id");
        }

        var id = ReadId(payload);
        var body = payload.Slice(sizeof(uint));
        var handler = RequestTable.Find(type);
        if (!_transcript.IsEnabled)
        {
            await HandleAsync(handler, type, id, body, cancellationToken).ConfigureAwait(false);
            return !Ending;
        }

        var noted = _transcript.Note(type, id, handler?.Name, body);
        await HandleAsync(handler, type, id, body, cancellationToken).ConfigureAwait(false);
        _transcript.Answered(noted);
        return !Ending;
    }

    /// <summary>Runs the request's handler; every path ends in exactly one reply.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask HandleAsync(RequestHandler? handler, byte type, uint id, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        if (handler is null)
        {
            Replies.Status(id, StatusCode.OpUnsupported, $"SFTP request type {type} is not supported.");
            return;
        }

        if (handler.Writes && Options.ReadOnly)
        {
            Replies.Status(id, StatusCode.PermissionDenied, $"{handler.Name} is refused: this server is read-only.");
            return;
        }

        try
        {
            if (!await SftpFaults.AtRequestAsync(this, id, handler, body, cancellationToken).ConfigureAwait(false))
            {
                await handler.Handle(this, id, body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestException e)
        {
            Replies.Status(id, e.Code, e.Message);
        }
    }

    private bool Initialize(ReadOnlySequence<byte> payload)
    {
        InitRequest init;
        try
        {
            init = InitRequest.Decode(payload);
        }
        catch (RequestException)
        {
            return Violation("SSH_FXP_INIT has no version");
        }

        _initialized = true;
        Replies.Version(ServerVersion, ExtensionHandlers.Advertised);
        if (_transcript.IsEnabled)
        {
            _transcript.Initialized(init.Version);
        }

        var context = Session.Context;
        SftpLog.Started(_logger, init.Version, Session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        return true;
    }

    private static uint ReadId(ReadOnlySequence<byte> payload)
    {
        Span<byte> id = stackalloc byte[sizeof(uint)];
        payload.Slice(0, sizeof(uint)).CopyTo(id);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(id);
    }

    private async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = await Replies.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }

    private bool TooLarge(uint length)
    {
        var context = Session.Context;
        SftpLog.MessageTooLarge(_logger, length, Options.MaxMessageBytes, Session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        return false;
    }

    private bool Violation(string problem)
    {
        var context = Session.Context;
        SftpLog.ProtocolViolation(_logger, problem, Session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        return false;
    }

    /// <summary>Ends every upload without delivering it (Core keeps the partials for a resume) and completes both pipes.</summary>
    private async Task CloseAsync()
    {
        var context = Session.Context;
        try
        {
            _transcript.Flush();
            await Handles.DisposeAllAsync().ConfigureAwait(false);
            foreach (var (path, upload) in AwaitingRename)
            {
                SftpLog.NotRenamed(_logger, path.Value, Session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
                await upload.DisposeAsync().ConfigureAwait(false);
            }

            AwaitingRename.Clear();
            SftpLog.Ended(_logger, Session.Principal.Name, context.SessionId, context.Site, context.Protocol, context.RemoteEndPoint);
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
            await _output.CompleteAsync().ConfigureAwait(false);
        }
    }
}
