using System.Text;
using EcurepServer.Connections;
using EcurepServer.Ssh.Connection;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>
/// Runs everything above the transport over a <see cref="FakeTransport"/> and plays the client with raw payloads.
/// </summary>
internal sealed class ConnectionHarness : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "s3cret";
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _loginDeadline = new();

    /// <param name="windowBudget">Shared by harnesses that play connections to one server; by default each has its own.</param>
    /// <param name="addressBudget">Shared by harnesses that play connections from one client address; by default each has its own.</param>
    public ConnectionHarness(
        SshServerOptions? options = null,
        Dictionary<string, ISshSubsystemHandler>? subsystems = null,
        ByteBudget? windowBudget = null,
        ByteBudget? addressBudget = null)
    {
        Options = options ?? new SshServerOptions();
        Subsystems = subsystems ?? [];
        var scope = new ConnectionLogScope(Transport.ConnectionId, Transport.RemoteEndPoint);
        var windows = new ChannelWindowAccount(
            new ByteBudget(Options.MaxChannelWindowBytesPerConnection),
            addressBudget ?? new ByteBudget(Options.MaxChannelWindowBytesPerAddress),
            windowBudget ?? new ByteBudget(Options.TotalChannelWindowBytes),
            Transport.RemoteEndPoint.Address);
        var connection = new SshConnection(Transport, Options, Authenticator, Subsystems, windows, scope, Logger, TimeProvider.System);
        if (Options.LoginGraceTime < TimeSpan.FromMinutes(1))
        {
            _loginDeadline.CancelAfter(Options.LoginGraceTime);
        }

        Run = Task.Run(async () =>
        {
            using (Logger.BeginScope(scope))
            {
                await connection.RunAsync(_loginDeadline.Token, _stop.Token);
            }
        });
    }

    public SshServerOptions Options { get; }

    public Dictionary<string, ISshSubsystemHandler> Subsystems { get; }

    public FakeTransport Transport { get; } = new();

    public TestAuthenticator Authenticator { get; } = new(User, Password);

    public ListLogger Logger { get; } = new();

    public Task Run { get; }

    public void Send(Action<SshWriter> build)
    {
        var writer = new SshWriter();
        build(writer);
        Transport.Deliver(writer.WrittenSpan);
    }

    /// <summary>Messages that arrive together, as packets the server reads from the connection at once.</summary>
    public void SendTogether(params Action<SshWriter>[] builds) =>
        Transport.DeliverTogether(builds.Select(build =>
        {
            var writer = new SshWriter();
            build(writer);
            return writer.WrittenSpan.ToArray();
        }).ToArray());

    /// <summary>The server's next payload; fails the test when none comes in time.</summary>
    public async Task<byte[]> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        return await Transport.Sent.ReadAsync(timeout.Token);
    }

    public async Task<byte[]> ExpectAsync(byte messageType)
    {
        var payload = await ReceiveAsync();
        Assert.Equal(messageType, payload[0]);
        return payload;
    }

    public async Task<SshDisconnectReason> ExpectDisconnectAsync()
    {
        var (reason, _) = await Transport.Disconnected.WaitAsync(ReplyTimeout);
        await Run.WaitAsync(ReplyTimeout);
        return reason;
    }

    public async Task AcceptServiceAsync()
    {
        Send(w => w.Byte(SshMessage.ServiceRequest).Utf8("ssh-userauth"));
        await ExpectAsync(SshMessage.ServiceAccept);
    }

    public void SendPassword(string password, string user = User) =>
        Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8(user).Utf8("ssh-connection").Utf8("password").Boolean(false).Utf8(password));

    public async Task LogInAsync()
    {
        await AcceptServiceAsync();
        SendPassword(Password);
        await ExpectAsync(SshMessage.UserAuthSuccess);
    }

    /// <summary>Opens a session channel numbered <paramref name="clientId"/> on the client side; returns the server's number.</summary>
    public async Task<uint> OpenSessionAsync(uint clientId = 7, uint window = 1 << 30, uint maxPacket = 32768)
    {
        Send(w => w.Byte(SshMessage.ChannelOpen).Utf8("session").UInt32(clientId).UInt32(window).UInt32(maxPacket));
        var reader = new SshReader(await ExpectAsync(SshMessage.ChannelOpenConfirmation));
        reader.ReadByte();
        Assert.Equal(clientId, reader.ReadUInt32());
        return reader.ReadUInt32();
    }

    public void SendChannelRequest(uint channel, string type, bool wantReply, string? argument = null) =>
        Send(w =>
        {
            w.Byte(SshMessage.ChannelRequest).UInt32(channel).Utf8(type).Boolean(wantReply);
            if (argument is not null)
            {
                w.Utf8(argument);
            }
        });

    public void SendData(uint channel, ReadOnlySpan<byte> data)
    {
        var writer = new SshWriter();
        writer.Byte(SshMessage.ChannelData).UInt32(channel).Binary(data);
        Transport.Deliver(writer.WrittenSpan);
    }

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public async ValueTask DisposeAsync()
    {
        Transport.Close();
        await _stop.CancelAsync();
        await Run.WaitAsync(ReplyTimeout);
        _stop.Dispose();
        _loginDeadline.Dispose();
    }
}
