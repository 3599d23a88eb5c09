using System.Security.Cryptography;
using EcurepServer.Connections;
using EcurepServer.Ssh.Connection;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

public sealed class ChannelTests
{
    [Theory]
    [InlineData("direct-tcpip", 1u)]
    [InlineData("forwarded-tcpip", 1u)]
    [InlineData("x11", 1u)]
    [InlineData("auth-agent@openssh.com", 1u)]
    [InlineData("made-up", 3u)]
    public async Task OnlySessionChannelsOpen(string type, uint reason)
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();

        harness.Send(w => w.Byte(SshMessage.ChannelOpen).Utf8(type).UInt32(5).UInt32(1 << 20).UInt32(32768));

        var failure = new SshReader(await harness.ExpectAsync(SshMessage.ChannelOpenFailure));
        failure.ReadByte();
        Assert.Equal(5u, failure.ReadUInt32());
        Assert.Equal(reason, failure.ReadUInt32());
        await harness.OpenSessionAsync();
    }

    [Fact]
    public async Task GlobalRequestsFailWhenAReplyIsWanted()
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();

        harness.Send(w => w.Byte(SshMessage.GlobalRequest).Utf8("keepalive@openssh.com").Boolean(false));
        harness.Send(w => w.Byte(SshMessage.GlobalRequest).Utf8("tcpip-forward").Boolean(true).Utf8("0.0.0.0").UInt32(8080));

        await harness.ExpectAsync(SshMessage.RequestFailure);
    }

    [Fact]
    public async Task TheChannelLimitIsEnforced()
    {
        await using var harness = new ConnectionHarness(new SshServerOptions { MaxChannelsPerSession = 2 });
        await harness.LogInAsync();
        await harness.OpenSessionAsync(1);
        await harness.OpenSessionAsync(2);

        harness.Send(w => w.Byte(SshMessage.ChannelOpen).Utf8("session").UInt32(3).UInt32(1 << 20).UInt32(32768));

        var failure = new SshReader(await harness.ExpectAsync(SshMessage.ChannelOpenFailure));
        failure.ReadByte();
        failure.ReadUInt32();
        Assert.Equal(4u, failure.ReadUInt32());
    }

    [Fact]
    public async Task ChannelsShareTheServersWindowBudgetAndGiveItBackWhenClosedOrWhenTheirConnectionEnds()
    {
        var options = new SshServerOptions();
        options.TotalChannelWindowBytes = 2L * options.ChannelInitialWindowSize;
        var budget = new ByteBudget(options.TotalChannelWindowBytes);
        await using var first = new ConnectionHarness(options, windowBudget: budget);
        await using var second = new ConnectionHarness(options, windowBudget: budget);
        await first.LogInAsync();
        await second.LogInAsync();
        await first.OpenSessionAsync(1);
        var closing = await second.OpenSessionAsync(2);

        await ExpectBusyAsync(second, 3);
        second.Send(w => w.Byte(SshMessage.ChannelClose).UInt32(closing));
        await second.ExpectAsync(SshMessage.ChannelClose);
        await second.OpenSessionAsync(4);
        await ExpectBusyAsync(first, 5);
        first.Transport.Close();
        await first.Run.WaitAsync(ConnectionHarness.ReplyTimeout);
        await second.OpenSessionAsync(6);

        Assert.Equal(2L * options.ChannelInitialWindowSize, budget.Reserved);
        Assert.Contains(second.Logger.Entries, e => e.Message.Contains("TotalChannelWindowBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneConnectionHoldsAtMostItsShareOfTheWindow()
    {
        var options = new SshServerOptions();
        options.MaxChannelWindowBytesPerConnection = 2L * options.ChannelInitialWindowSize;
        await using var harness = new ConnectionHarness(options);
        await harness.LogInAsync();
        await harness.OpenSessionAsync(1);
        var closing = await harness.OpenSessionAsync(2);

        await ExpectBusyAsync(harness, 3);
        harness.Send(w => w.Byte(SshMessage.ChannelClose).UInt32(closing));
        await harness.ExpectAsync(SshMessage.ChannelClose);
        await harness.OpenSessionAsync(4);

        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("MaxChannelWindowBytesPerConnection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheConnectionsOfOneAddressHoldAtMostItsShareOfTheWindowAndOthersAreNotAffected()
    {
        var options = new SshServerOptions();
        options.MaxChannelWindowBytesPerAddress = 3L * options.ChannelInitialWindowSize;
        var server = new ByteBudget(options.TotalChannelWindowBytes);
        var address = new ByteBudget(options.MaxChannelWindowBytesPerAddress);
        await using var first = new ConnectionHarness(options, windowBudget: server, addressBudget: address);
        await using var second = new ConnectionHarness(options, windowBudget: server, addressBudget: address);
        await using var elsewhere = new ConnectionHarness(options, windowBudget: server);
        await first.LogInAsync();
        await second.LogInAsync();
        await elsewhere.LogInAsync();
        await first.OpenSessionAsync(1);
        await first.OpenSessionAsync(2);
        await second.OpenSessionAsync(3);

        await ExpectBusyAsync(second, 4);
        await ExpectBusyAsync(first, 5);
        await elsewhere.OpenSessionAsync(6);
        first.Transport.Close();
        await first.Run.WaitAsync(ConnectionHarness.ReplyTimeout);
        await second.OpenSessionAsync(7);

        Assert.Equal(2L * options.ChannelInitialWindowSize, address.Reserved);
        Assert.Contains(second.Logger.Entries, e => e.Message.Contains("MaxChannelWindowBytesPerAddress", StringComparison.Ordinal));
    }

    private static async Task ExpectBusyAsync(ConnectionHarness harness, uint clientId)
    {
        harness.Send(w => w.Byte(SshMessage.ChannelOpen).Utf8("session").UInt32(clientId).UInt32(1 << 20).UInt32(32768));
        var failure = new SshReader(await harness.ExpectAsync(SshMessage.ChannelOpenFailure));
        failure.ReadByte();
        Assert.Equal(clientId, failure.ReadUInt32());
        Assert.Equal(4u, failure.ReadUInt32());
        Assert.Equal("server busy, try again later", failure.ReadUtf8());
    }

    [Theory]
    [InlineData("exec", "scp -t /toibm")]
    [InlineData("shell", null)]
    public async Task ExecAndShellAreRefusedWithAMessageAndExitStatusOne(string type, string? command)
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();

        harness.SendChannelRequest(channel, type, true, command);

        await harness.ExpectAsync(SshMessage.ChannelSuccess);
        var stderr = new SshReader(await harness.ExpectAsync(SshMessage.ChannelExtendedData));
        stderr.ReadByte();
        Assert.Equal(7u, stderr.ReadUInt32());
        Assert.Equal(1u, stderr.ReadUInt32());
        Assert.Contains("not supported", ConnectionHarness.Text(stderr.ReadBinary()), StringComparison.Ordinal);
        await ExpectExitAsync(harness, 1);
    }

    [Fact]
    public async Task ACommandThatIsNotUtf8StillGetsTheRefusal()
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();

        harness.Send(w => w.Byte(SshMessage.ChannelRequest).UInt32(channel).Utf8("exec").Boolean(true).Binary([.. "scp -t /toibm/"u8, 0xff]));

        await harness.ExpectAsync(SshMessage.ChannelSuccess);
        await harness.ExpectAsync(SshMessage.ChannelExtendedData);
        await ExpectExitAsync(harness, 1);
    }

    [Theory]
    [InlineData("pty-req")]
    [InlineData("env")]
    [InlineData("x11-req")]
    [InlineData("auth-agent-req@openssh.com")]
    [InlineData("keepalive@openssh.com")]
    public async Task OtherChannelRequestsFail(string type)
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();

        harness.Send(w => w.Byte(SshMessage.ChannelRequest).UInt32(channel).Utf8(type).Boolean(true).Utf8("anything"));

        await harness.ExpectAsync(SshMessage.ChannelFailure);
    }

    [Fact]
    public async Task AnUnknownSubsystemFails()
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();

        harness.SendChannelRequest(channel, "subsystem", true, "sftp");

        await harness.ExpectAsync(SshMessage.ChannelFailure);
    }

    [Fact]
    public async Task ASubsystemGetsTheClientsDataAndItsOutputComesBack()
    {
        var echo = new EchoSubsystem();
        await using var harness = new ConnectionHarness(subsystems: new() { ["echo"] = echo });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();

        harness.SendChannelRequest(channel, "subsystem", true, "echo");
        await harness.ExpectAsync(SshMessage.ChannelSuccess);
        harness.SendData(channel, "hello"u8);

        var data = new SshReader(await harness.ExpectAsync(SshMessage.ChannelData));
        data.ReadByte();
        Assert.Equal(7u, data.ReadUInt32());
        Assert.Equal("hello", ConnectionHarness.Text(data.ReadBinary()));
        Assert.Equal("alice", echo.LastSession!.User);
        Assert.Equal("identity:alice", echo.LastSession.Identity);

        harness.Send(w => w.Byte(SshMessage.ChannelEof).UInt32(channel));
        await ExpectExitAsync(harness, 0);
        harness.Send(w => w.Byte(SshMessage.ChannelClose).UInt32(channel));
        await harness.OpenSessionAsync(8);
    }

    [Fact]
    public async Task DataPacketsThatArriveTogetherReachTheProgramInOneReadAndAnEofAfterThemComesAfterTheData()
    {
        var program = new ReadRecordingSubsystem();
        await using var harness = new ConnectionHarness(subsystems: new() { ["reads"] = program });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        harness.SendChannelRequest(channel, "subsystem", true, "reads");
        await harness.ExpectAsync(SshMessage.ChannelSuccess);
        harness.SendData(channel, "alone"u8);
        await program.WaitingAfterAsync(1);

        // Sent once the program waits for its input: each packet handed over on its own would be a read of its own.
        harness.SendTogether(
            w => w.Byte(SshMessage.ChannelData).UInt32(channel).Binary("one "u8),
            w => w.Byte(SshMessage.ChannelData).UInt32(channel).Binary("two "u8),
            w => w.Byte(SshMessage.ChannelData).UInt32(channel).Binary("three"u8),
            w => w.Byte(SshMessage.ChannelEof).UInt32(channel));

        Assert.Equal(["alone", "one two three"], await program.ReadsAsync());
        await ExpectExitAsync(harness, 0);
    }

    [Fact]
    public async Task DataThatArrivedTogetherWithTheClientHangingUpStillReachesTheProgramBeforeItsInputEnds()
    {
        var program = new ReadRecordingSubsystem();
        await using var harness = new ConnectionHarness(subsystems: new() { ["reads"] = program });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        harness.SendChannelRequest(channel, "subsystem", true, "reads");
        await harness.ExpectAsync(SshMessage.ChannelSuccess);
        await program.WaitingAfterAsync(0);

        harness.SendTogether(
            w => w.Byte(SshMessage.ChannelData).UInt32(channel).Binary("one "u8),
            w => w.Byte(SshMessage.ChannelData).UInt32(channel).Binary("two"u8));
        harness.Transport.Close();

        Assert.Equal("one two", string.Concat(await program.ReadsAsync()));
    }

    [Fact]
    public async Task OutputRespectsTheClientsWindowAndPacketSize()
    {
        var greeting = new GreetingSubsystem("hello, world!"u8.ToArray());
        await using var harness = new ConnectionHarness(subsystems: new() { ["greet"] = greeting });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync(window: 10, maxPacket: 4);

        harness.SendChannelRequest(channel, "subsystem", false, "greet");

        Assert.Equal("hell", await ReadDataAsync(harness));
        Assert.Equal("o, w", await ReadDataAsync(harness));
        Assert.Equal("or", await ReadDataAsync(harness));
        Assert.False(harness.Transport.Sent.TryPeek(out _));
        harness.Send(w => w.Byte(SshMessage.ChannelWindowAdjust).UInt32(channel).UInt32(100));
        Assert.Equal("ld!", await ReadDataAsync(harness));
        await ExpectExitAsync(harness, 3);
    }

    [Fact]
    public async Task ConsumedInputIsGivenBackAsWindow()
    {
        var sink = new HashingSink();
        var options = new SshServerOptions { ChannelWindowSize = 2 * 1024 * 1024, ChannelInitialWindowSize = 2 * 1024 * 1024, ChannelMaxPacketSize = 32 * 1024 };
        await using var harness = new ConnectionHarness(options, new() { ["sink"] = sink });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        harness.SendChannelRequest(channel, "subsystem", true, "sink");
        await harness.ExpectAsync(SshMessage.ChannelSuccess);

        var chunk = RandomNumberGenerator.GetBytes(32 * 1024);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long window = options.ChannelWindowSize;
        long granted = 0;
        for (var i = 0; i < 200; i++)
        {
            while (window < chunk.Length)
            {
                var adjust = ReadWindowAdjust(await harness.ReceiveAsync());
                window += adjust;
                granted += adjust;
            }

            harness.SendData(channel, chunk);
            window -= chunk.Length;
            hash.AppendData(chunk);
        }

        harness.Send(w => w.Byte(SshMessage.ChannelEof).UInt32(channel));
        var (bytes, sha256) = await sink.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200L * chunk.Length, bytes);
        Assert.Equal(Convert.ToHexStringLower(hash.GetHashAndReset()), sha256);

        while (true)
        {
            var payload = await harness.ReceiveAsync();
            if (payload[0] != SshMessage.ChannelWindowAdjust)
            {
                Assert.Equal(SshMessage.ChannelRequest, payload[0]);
                break;
            }

            granted += ReadWindowAdjust(payload);
        }

        Assert.InRange(granted, 200L * chunk.Length - (3 * 32 * 1024) - 1, 200L * chunk.Length);
    }

    [Fact]
    public async Task AChannelOpensWithTheInitialWindowGrowsWhileTheClientKeepsItFullAndGivesItAllBackWhenClosed()
    {
        var options = new SshServerOptions { ChannelWindowSize = 2 * 1024 * 1024, ChannelInitialWindowSize = 64 * 1024, ChannelMaxPacketSize = 32 * 1024 };
        var budget = new ByteBudget(options.TotalChannelWindowBytes);
        var sink = new HashingSink();
        await using var harness = new ConnectionHarness(options, new() { ["sink"] = sink }, windowBudget: budget);
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        Assert.Equal(options.ChannelInitialWindowSize, budget.Reserved);
        harness.SendChannelRequest(channel, "subsystem", true, "sink");
        await harness.ExpectAsync(SshMessage.ChannelSuccess);

        var (largest, hash) = await SendFillingTheWindowAsync(harness, channel, options.ChannelInitialWindowSize, 256, () =>
            Assert.InRange(budget.Reserved, options.ChannelInitialWindowSize, options.ChannelWindowSize));

        var (bytes, sha256) = await sink.Finished.WaitAsync(ConnectionHarness.ReplyTimeout);
        Assert.Equal(256L * 32 * 1024, bytes);
        Assert.Equal(hash, sha256);
        Assert.InRange(largest, 2L * options.ChannelInitialWindowSize, options.ChannelWindowSize);
        while (await harness.ReceiveAsync() is var payload && payload[0] != SshMessage.ChannelClose)
        {
            Assert.Contains(payload[0], new[] { SshMessage.ChannelWindowAdjust, SshMessage.ChannelRequest, SshMessage.ChannelEof });
        }

        harness.Send(w => w.Byte(SshMessage.ChannelClose).UInt32(channel));
        await WaitUntilAsync(() => budget.Reserved == 0);
    }

    [Fact]
    public async Task AChannelTheBudgetCannotGrowKeepsItsInitialWindowAndStillCarriesTheTransfer()
    {
        var options = new SshServerOptions { ChannelWindowSize = 2 * 1024 * 1024, ChannelInitialWindowSize = 64 * 1024, ChannelMaxPacketSize = 32 * 1024 };
        options.TotalChannelWindowBytes = options.ChannelInitialWindowSize;
        var budget = new ByteBudget(options.TotalChannelWindowBytes);
        var sink = new HashingSink();
        await using var harness = new ConnectionHarness(options, new() { ["sink"] = sink }, windowBudget: budget);
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        harness.SendChannelRequest(channel, "subsystem", true, "sink");
        await harness.ExpectAsync(SshMessage.ChannelSuccess);

        var (largest, hash) = await SendFillingTheWindowAsync(harness, channel, options.ChannelInitialWindowSize, 64, () =>
            Assert.Equal(options.ChannelInitialWindowSize, budget.Reserved));

        var (bytes, sha256) = await sink.Finished.WaitAsync(ConnectionHarness.ReplyTimeout);
        Assert.Equal((64L * 32 * 1024, hash), (bytes, sha256));
        Assert.Equal(options.ChannelInitialWindowSize, largest);
    }

    [Fact]
    public async Task AMessageLargerThanTheInitialWindowGrowsTheWindowUntilItArrivesWhole()
    {
        var options = new SshServerOptions { ChannelWindowSize = 2 * 1024 * 1024, ChannelInitialWindowSize = 64 * 1024, ChannelMaxPacketSize = 32 * 1024 };
        var sink = new WholeMessageSink(256 * 1024);
        await using var harness = new ConnectionHarness(options, new() { ["whole"] = sink });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        harness.SendChannelRequest(channel, "subsystem", true, "whole");
        await harness.ExpectAsync(SshMessage.ChannelSuccess);

        await SendFillingTheWindowAsync(harness, channel, options.ChannelInitialWindowSize, 8, () => { });

        Assert.Equal(256L * 1024, await sink.Received.WaitAsync(ConnectionHarness.ReplyTimeout));
    }

    /// <summary>
    /// Sends <paramref name="chunks"/> chunks of 32 KiB, each time until the window the client was granted is used up,
    /// then reads window adjusts; returns the largest window the client held and the data's SHA-256.
    /// </summary>
    private static async Task<(long Largest, string Sha256)> SendFillingTheWindowAsync(ConnectionHarness harness, uint channel, long window, int chunks, Action atAdjust)
    {
        var chunk = RandomNumberGenerator.GetBytes(32 * 1024);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var largest = window;
        for (var i = 0; i < chunks; i++)
        {
            while (window < chunk.Length)
            {
                window += ReadWindowAdjust(await harness.ReceiveAsync());
                largest = Math.Max(largest, window);
                atAdjust();
            }

            harness.SendData(channel, chunk);
            window -= chunk.Length;
            hash.AppendData(chunk);
        }

        harness.Send(w => w.Byte(SshMessage.ChannelEof).UInt32(channel));
        return (largest, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + ConnectionHarness.ReplyTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task DataBeyondTheWindowDisconnects()
    {
        var options = new SshServerOptions { ChannelWindowSize = 2 * 1024 * 1024, ChannelInitialWindowSize = 2 * 1024 * 1024, ChannelMaxPacketSize = 32 * 1024 };
        await using var harness = new ConnectionHarness(options, new() { ["stalled"] = new StalledSubsystem() });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        harness.SendChannelRequest(channel, "subsystem", false, "stalled");

        var chunk = new byte[32 * 1024];
        for (var i = 0; i < 64; i++)
        {
            harness.SendData(channel, chunk);
        }

        harness.SendData(channel, [1]);

        Assert.Equal(SshDisconnectReason.ProtocolError, await harness.ExpectDisconnectAsync());
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("exceed the remaining window", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStalledChannelDoesNotHoldUpAnother()
    {
        var options = new SshServerOptions { ChannelWindowSize = 2 * 1024 * 1024, ChannelInitialWindowSize = 2 * 1024 * 1024, ChannelMaxPacketSize = 32 * 1024 };
        await using var harness = new ConnectionHarness(options, new() { ["stalled"] = new StalledSubsystem(), ["echo"] = new EchoSubsystem() });
        await harness.LogInAsync();
        var stalled = await harness.OpenSessionAsync(1);
        harness.SendChannelRequest(stalled, "subsystem", false, "stalled");
        var chunk = new byte[32 * 1024];
        for (var i = 0; i < 64; i++)
        {
            harness.SendData(stalled, chunk);
        }

        var echo = await harness.OpenSessionAsync(2);
        harness.SendChannelRequest(echo, "subsystem", false, "echo");
        harness.SendData(echo, "still flowing"u8);

        Assert.Equal("still flowing", await ReadDataAsync(harness));
    }

    [Fact]
    public async Task DataLargerThanTheMaximumPacketDisconnects()
    {
        var options = new SshServerOptions { ChannelMaxPacketSize = 32 * 1024 };
        await using var harness = new ConnectionHarness(options);
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();

        harness.SendData(channel, new byte[(32 * 1024) + 1]);

        Assert.Equal(SshDisconnectReason.ProtocolError, await harness.ExpectDisconnectAsync());
    }

    [Fact]
    public async Task AClientCloseCancelsTheSubsystemAndIsAnswered()
    {
        var stalled = new StalledSubsystem();
        await using var harness = new ConnectionHarness(subsystems: new() { ["stalled"] = stalled });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        harness.SendChannelRequest(channel, "subsystem", false, "stalled");

        harness.Send(w => w.Byte(SshMessage.ChannelClose).UInt32(channel));

        await harness.ExpectAsync(SshMessage.ChannelClose);
        await stalled.Cancelled.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AClientCloseWhileChannelDataIsBlockedClosesOnlyThatChannel()
    {
        var stalled = new StalledSubsystem("pending output"u8.ToArray());
        await using var harness = new ConnectionHarness(subsystems: new() { ["stalled"] = stalled });
        await harness.LogInAsync();
        var channel = await harness.OpenSessionAsync();
        harness.Transport.HoldChannelData();
        harness.SendChannelRequest(channel, "subsystem", false, "stalled");
        await harness.Transport.DataSendWaiting.WaitAsync(TimeSpan.FromSeconds(10));

        harness.Send(w => w.Byte(SshMessage.ChannelClose).UInt32(channel));
        await stalled.Cancelled.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Transport.ReleaseChannelData();

        while ((await harness.ReceiveAsync())[0] != SshMessage.ChannelClose)
        {
        }

        await harness.OpenSessionAsync(8);
    }

    [Fact]
    public async Task TheConnectionEndingCancelsRunningSubsystems()
    {
        var stalled = new StalledSubsystem();
        var harness = new ConnectionHarness(subsystems: new() { ["stalled"] = stalled });
        await using (harness)
        {
            await harness.LogInAsync();
            var channel = await harness.OpenSessionAsync();
            harness.SendChannelRequest(channel, "subsystem", true, "stalled");
            await harness.ExpectAsync(SshMessage.ChannelSuccess);
            harness.Transport.Close();
            await stalled.Cancelled.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.True(harness.Run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AnUnknownChannelNumberIsAProtocolError()
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();

        harness.SendData(42, "x"u8);

        Assert.Equal(SshDisconnectReason.ProtocolError, await harness.ExpectDisconnectAsync());
    }

    [Fact]
    public async Task AMessageOutsideTheConnectionProtocolIsAnsweredUnimplementedAndTheConnectionGoesOn()
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();

        harness.Send(w => w.Byte(200).Utf8("local extension"));

        var unimplemented = await harness.ExpectAsync(SshMessage.Unimplemented);
        Assert.Equal(2u, new SshReader(unimplemented.AsSpan(1)).ReadUInt32());
        await harness.OpenSessionAsync();
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("UNIMPLEMENTED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnIdleConnectionIsDisconnectedAndLogged()
    {
        await using var harness = new ConnectionHarness(new SshServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        await harness.LogInAsync();

        Assert.Equal(SshDisconnectReason.ByApplication, await harness.ExpectDisconnectAsync());
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("idle", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SshMessage.GlobalRequest)]
    [InlineData(SshMessage.ChannelOpen)]
    public async Task AReplyToAClientThatStoppedReadingDoesNotOutliveTheIdleTimeout(byte request)
    {
        await using var harness = new ConnectionHarness(new SshServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        await harness.LogInAsync();

        harness.Transport.HoldEverySend();
        if (request == SshMessage.GlobalRequest)
        {
            harness.Send(w => w.Byte(request).Utf8("keepalive@openssh.com").Boolean(true));
        }
        else
        {
            harness.Send(w => w.Byte(request).Utf8("session").UInt32(7).UInt32(1 << 20).UInt32(32768));
        }

        await harness.Transport.DataSendWaiting.WaitAsync(ConnectionHarness.ReplyTimeout);

        await harness.Run.WaitAsync(ConnectionHarness.ReplyTimeout);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("idle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepaliveGlobalRequestsDoNotKeepAnIdleConnectionOpen()
    {
        await using var harness = new ConnectionHarness(new SshServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(500) });
        await harness.LogInAsync();
        await harness.OpenSessionAsync();

        // As OpenSSH's ServerAliveInterval does: a keepalive well inside the idle timeout, each answered.
        var keepalives = Task.Run(async () =>
        {
            while (!harness.Transport.Disconnected.IsCompleted)
            {
                harness.Send(w => w.Byte(SshMessage.GlobalRequest).Utf8("keepalive@openssh.com").Boolean(true));
                await Task.Delay(50);
            }
        });

        Assert.Equal(SshDisconnectReason.ByApplication, await harness.ExpectDisconnectAsync());
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("idle", StringComparison.Ordinal));
        await keepalives;
    }

    [Fact]
    public async Task TheUserJoinsTheLogScopeOnceAuthenticated()
    {
        await using var harness = new ConnectionHarness();
        await harness.LogInAsync();
        await harness.OpenSessionAsync();
        harness.Send(w => w.Byte(SshMessage.ChannelOpen).Utf8("x11").UInt32(5).UInt32(1 << 20).UInt32(32768));
        await harness.ExpectAsync(SshMessage.ChannelOpenFailure);

        var refusal = Assert.Single(harness.Logger.Entries, e => e.Message.Contains("x11", StringComparison.Ordinal));
        Assert.Contains(refusal.Scope, p => p.Key == "User" && (string?)p.Value == "alice");
    }

    private static async Task<string> ReadDataAsync(ConnectionHarness harness)
    {
        var data = new SshReader(await harness.ExpectAsync(SshMessage.ChannelData));
        data.ReadByte();
        data.ReadUInt32();
        return ConnectionHarness.Text(data.ReadBinary());
    }

    private static uint ReadWindowAdjust(byte[] payload)
    {
        var reader = new SshReader(payload);
        Assert.Equal(SshMessage.ChannelWindowAdjust, reader.ReadByte());
        Assert.Equal(7u, reader.ReadUInt32());
        return reader.ReadUInt32();
    }

    private static async Task ExpectExitAsync(ConnectionHarness harness, uint status)
    {
        var exit = new SshReader(await harness.ExpectAsync(SshMessage.ChannelRequest));
        exit.ReadByte();
        exit.ReadUInt32();
        Assert.Equal("exit-status", exit.ReadUtf8());
        Assert.False(exit.ReadBoolean());
        Assert.Equal(status, exit.ReadUInt32());
        await harness.ExpectAsync(SshMessage.ChannelEof);
        await harness.ExpectAsync(SshMessage.ChannelClose);
    }
}
