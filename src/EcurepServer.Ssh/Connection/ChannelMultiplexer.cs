using System.Text;
using EcurepServer.Ssh.Auth;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// The server side of RFC 4254 after authentication: session channels only, no forwarding, subsystems by name,
/// exec and shell refused with a message. The read loop never waits for a channel's program.
/// </summary>
internal sealed class ChannelMultiplexer
{
    private const uint AdministrativelyProhibited = 1;
    private const uint UnknownChannelType = 3;
    private const uint ResourceShortage = 4;

    private static readonly HashSet<string> ForwardingChannelTypes =
        new(["direct-tcpip", "forwarded-tcpip", "x11", "auth-agent@openssh.com", "direct-streamlocal@openssh.com", "forwarded-streamlocal@openssh.com", "tun@openssh.com"], StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<uint, SessionChannel> _channels = [];
    private readonly List<Task> _programs = [];
    private readonly SshWriter _writer = new();

    /// <summary>
    /// Channels given data their program has not been handed yet: data packets that arrived together go to the program
    /// in one flush, when the transport is about to wait for more (or before any other message), so an SFTP server
    /// handles their requests in one pass and sends the replies together.
    /// </summary>
    private readonly List<SessionChannel> _unflushedInputs = [];

    /// <summary>Cancelled when the connection ends (client gone, idle timeout, server stop); the only thing that may cancel a send on the transport.</summary>
    private readonly CancellationTokenSource _ended = new();
    private readonly ISshPacketTransport _transport;
    private readonly SshServerOptions _options;
    private readonly IReadOnlyDictionary<string, ISshSubsystemHandler> _subsystems;
    private readonly ChannelWindowAccount _windows;
    private readonly AuthenticatedUser _user;
    private readonly ILogger _logger;
    private readonly ReadOnlyMemory<byte> _refusal;
    private uint _nextChannelId;

    public ChannelMultiplexer(
        ISshPacketTransport transport,
        SshServerOptions options,
        IReadOnlyDictionary<string, ISshSubsystemHandler> subsystems,
        ChannelWindowAccount windows,
        AuthenticatedUser user,
        ILogger logger)
    {
        _transport = transport;
        _options = options;
        _subsystems = subsystems;
        _windows = windows;
        _user = user;
        _logger = logger;
        _refusal = Encoding.UTF8.GetBytes(options.ShellRefusalMessage);
    }

    /// <summary>Whether a channel neither side had begun to close was open when the connection ended (the client left under a transfer).</summary>
    public bool LeftChannelsOpen { get; private set; }

    /// <summary>Serves the connection until the client leaves; then stops every channel's program and waits for it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var endWithConnection = cancellationToken.Register(_ended.Cancel);
        _transport.BeforeWaiting = FlushInputsAsync;
        try
        {
            while (true)
            {
                var payload = await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (payload.IsEmpty)
                {
                    return;
                }

                // Anything but data (EOF, CLOSE, a request) reaches a channel after the data sent before it.
                if (payload.Span[0] != SshMessage.ChannelData)
                {
                    await FlushInputsAsync().ConfigureAwait(false);
                }

                await DispatchAsync(payload).ConfigureAwait(false);
            }
        }
        finally
        {
            _transport.BeforeWaiting = null;
            await FlushInputsAsync().ConfigureAwait(false);
            await StopChannelsAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask FlushInputsAsync()
    {
        foreach (var channel in _unflushedInputs)
        {
            await channel.FlushInputAsync().ConfigureAwait(false);
        }

        _unflushedInputs.Clear();
    }

    private async Task StopChannelsAsync()
    {
        await _ended.CancelAsync().ConfigureAwait(false);
        SessionChannel[] channels;
        lock (_lock)
        {
            LeftChannelsOpen = _channels.Values.Any(channel => !channel.IsClosing);
            channels = [.. _channels.Values];
        }

        // Outside the lock: a program reads its input inline, so aborting a channel can run the program's end,
        // which releases the channel from this table.
        foreach (var channel in channels)
        {
            channel.Abort();
        }

        Task[] programs;
        lock (_lock)
        {
            programs = [.. _programs];
        }

        try
        {
            await Task.WhenAll(programs).ConfigureAwait(false);
        }
        finally
        {
            // Channels never released by their own close give their window back with the connection.
            lock (_lock)
            {
                foreach (var channel in _channels.Values)
                {
                    channel.ReleaseWindow();
                }

                _channels.Clear();
            }
        }
    }

    private async ValueTask DispatchAsync(ReadOnlyMemory<byte> payload)
    {
        var type = payload.Span[0];
        switch (type)
        {
            case SshMessage.GlobalRequest:
                await HandleGlobalRequestAsync(payload).ConfigureAwait(false);
                break;
            case SshMessage.ChannelOpen:
                await HandleChannelOpenAsync(payload).ConfigureAwait(false);
                break;
            case SshMessage.ChannelWindowAdjust:
                HandleWindowAdjust(payload.Span);
                break;
            case SshMessage.ChannelData:
                HandleData(payload);
                break;
            case SshMessage.ChannelExtendedData:
                HandleExtendedData(payload.Span);
                break;
            case SshMessage.ChannelEof:
                ChannelOf(ReadRecipient(payload.Span)).OnEof();
                break;
            case SshMessage.ChannelClose:
                await ChannelOf(ReadRecipient(payload.Span)).OnCloseAsync().ConfigureAwait(false);
                break;
            case SshMessage.ChannelRequest:
                await HandleChannelRequestAsync(payload).ConfigureAwait(false);
                break;
            case SshMessage.ChannelSuccess or SshMessage.ChannelFailure or SshMessage.RequestSuccess or SshMessage.RequestFailure:
                break;
            case >= SshMessage.UserAuthRequest and < SshMessage.GlobalRequest:
                // RFC 4252 section 5.1: authentication requests after success are ignored.
                break;
            default:
                ConnectionLog.UnimplementedMessage(_logger, type);
                await _transport.ReplyUnimplementedAsync(_ended.Token).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask HandleGlobalRequestAsync(ReadOnlyMemory<byte> payload)
    {
        var (name, wantReply) = ReadGlobalRequest(payload.Span);
        ConnectionLog.GlobalRequestRefused(_logger, name);
        if (wantReply)
        {
            _writer.Reset();
            _writer.Byte(SshMessage.RequestFailure);
            await _transport.SendAsync(_writer.WrittenMemory, _ended.Token).ConfigureAwait(false);
        }
    }

    private static (string Name, bool WantReply) ReadGlobalRequest(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var name = reader.ReadUtf8();
        return (name, reader.ReadBoolean());
    }

    private async ValueTask HandleChannelOpenAsync(ReadOnlyMemory<byte> payload)
    {
        var (type, sender, window, maxPacket) = ReadChannelOpen(payload.Span);
        if (type != "session")
        {
            var reason = ForwardingChannelTypes.Contains(type) ? AdministrativelyProhibited : UnknownChannelType;
            ConnectionLog.ChannelRefused(_logger, type, "only session channels are served");
            _transport.Observer.ChannelOpened(new SshChannelOpen(type, null, "only session channels are served"));
            await SendOpenFailureAsync(sender, reason, $"{type} channels are not allowed").ConfigureAwait(false);
            return;
        }

        if (maxPacket == 0)
        {
            _transport.Observer.ChannelOpened(new SshChannelOpen(type, null, "maximum packet size 0"));
            await SendOpenFailureAsync(sender, ResourceShortage, "maximum packet size 0").ConfigureAwait(false);
            return;
        }

        SessionChannel? channel = null;
        var refusal = (Log: string.Empty, Reply: string.Empty);
        lock (_lock)
        {
            if (_channels.Count >= _options.MaxChannelsPerSession)
            {
                refusal = ($"the limit of {_options.MaxChannelsPerSession} channels is reached", "too many channels");
            }
            else if (_windows.TryReserve(_options.ChannelInitialWindowSize) is { } cap)
            {
                refusal = (cap, "server busy, try again later");
            }
            else
            {
                var id = _nextChannelId++;
                channel = new SessionChannel(id, sender, window, maxPacket, _options, _windows, _transport, _logger, Release, _ended.Token);
                _channels.Add(id, channel);
            }
        }

        if (channel is null)
        {
            ConnectionLog.ChannelRefused(_logger, type, refusal.Log);
            _transport.Observer.ChannelOpened(new SshChannelOpen(type, null, refusal.Log));
            await SendOpenFailureAsync(sender, ResourceShortage, refusal.Reply).ConfigureAwait(false);
            return;
        }

        _transport.Observer.ChannelOpened(new SshChannelOpen(type, channel.LocalId, null));
        _writer.Reset();
        _writer.Byte(SshMessage.ChannelOpenConfirmation)
            .UInt32(sender)
            .UInt32(channel.LocalId)
            .UInt32(_options.ChannelInitialWindowSize)
            .UInt32(_options.ChannelMaxPacketSize);
        await _transport.SendAsync(_writer.WrittenMemory, _ended.Token).ConfigureAwait(false);
    }

    private static (string Type, uint Sender, uint Window, uint MaxPacket) ReadChannelOpen(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        return (reader.ReadUtf8(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
    }

    private async ValueTask SendOpenFailureAsync(uint recipient, uint reason, string description)
    {
        _writer.Reset();
        _writer.Byte(SshMessage.ChannelOpenFailure).UInt32(recipient).UInt32(reason).Utf8(description).Utf8(string.Empty);
        await _transport.SendAsync(_writer.WrittenMemory, _ended.Token).ConfigureAwait(false);
    }

    private void HandleWindowAdjust(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var channel = ChannelOf(reader.ReadUInt32());
        var bytes = reader.ReadUInt32();
        reader.EnsureEnd();
        channel.OnWindowAdjust(bytes);
    }

    private void HandleData(ReadOnlyMemory<byte> payload)
    {
        var (recipient, offset, length) = ReadData(payload.Span);
        var channel = ChannelOf(recipient);
        if (channel.OnData(payload.Slice(offset, length)) && !_unflushedInputs.Contains(channel))
        {
            _unflushedInputs.Add(channel);
        }
    }

    private static (uint Recipient, int Offset, int Length) ReadData(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var recipient = reader.ReadUInt32();
        var length = reader.ReadBinary().Length;
        reader.EnsureEnd();
        return (recipient, payload.Length - length, length);
    }

    private void HandleExtendedData(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var channel = ChannelOf(reader.ReadUInt32());
        reader.ReadUInt32();
        var length = reader.ReadBinary().Length;
        reader.EnsureEnd();
        channel.OnDiscardedData(length);
    }

    private async ValueTask HandleChannelRequestAsync(ReadOnlyMemory<byte> payload)
    {
        var request = ChannelRequest.Parse(payload.Span);
        var channel = ChannelOf(request.Recipient);
        if (channel.IsClosing)
        {
            return;
        }

        switch (request.Type)
        {
            case "subsystem" when !channel.HasProgram && request.Argument is { } name && _subsystems.TryGetValue(name, out var handler):
                if (request.WantReply)
                {
                    await channel.ReplyAsync(true).ConfigureAwait(false);
                }

                ConnectionLog.SubsystemStarted(_logger, name, channel.LocalId);
                _transport.Observer.ChannelRequested(new SshChannelRequest(channel.LocalId, request.Type, name, true, null));
                channel.StartSubsystem(name, handler, _user);
                Track(channel);
                break;
            case "exec" or "shell" when !channel.HasProgram:
                if (request.WantReply)
                {
                    await channel.ReplyAsync(true).ConfigureAwait(false);
                }

                ConnectionLog.ExecRefused(_logger, request.Type, request.Argument ?? string.Empty, channel.LocalId);
                _transport.Observer.ChannelRequested(new SshChannelRequest(
                    channel.LocalId, request.Type, request.Argument, false, "refused: the refusal message on stderr, exit status 1"));
                channel.StartRefusal(_refusal);
                Track(channel);
                break;
            default:
                ConnectionLog.ChannelRequestRefused(_logger, request.Type, request.Argument ?? string.Empty, channel.LocalId);
                _transport.Observer.ChannelRequested(new SshChannelRequest(channel.LocalId, request.Type, request.Argument, false, null));
                if (request.WantReply)
                {
                    await channel.ReplyAsync(false).ConfigureAwait(false);
                }

                break;
        }
    }

    private void Track(SessionChannel channel)
    {
        lock (_lock)
        {
            _programs.RemoveAll(program => program.IsCompleted);
            _programs.Add(channel.Program);
        }
    }

    private SessionChannel ChannelOf(uint recipient)
    {
        lock (_lock)
        {
            return _channels.TryGetValue(recipient, out var channel)
                ? channel
                : throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"no open channel {recipient}");
        }
    }

    private static uint ReadRecipient(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var recipient = reader.ReadUInt32();
        reader.EnsureEnd();
        return recipient;
    }

    private void Release(SessionChannel channel)
    {
        lock (_lock)
        {
            if (_channels.Remove(channel.LocalId))
            {
                channel.ReleaseWindow();
            }
        }
    }
}
