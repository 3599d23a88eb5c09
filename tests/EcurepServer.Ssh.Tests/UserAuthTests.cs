using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

public sealed class UserAuthTests
{
    [Fact]
    public async Task AnotherServiceThanUserAuthIsRefusedAsUnavailable()
    {
        await using var harness = new ConnectionHarness();
        harness.Send(w => w.Byte(SshMessage.ServiceRequest).Utf8("ssh-connection"));

        Assert.Equal(SshDisconnectReason.ServiceNotAvailable, await harness.ExpectDisconnectAsync());
    }

    [Fact]
    public async Task AServiceRequestRepeatedBetweenAttemptsIsAcceptedAgainAndAnotherServiceStillRefused()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();
        harness.SendPassword("wrong");
        await harness.ExpectAsync(SshMessage.UserAuthFailure);

        await harness.AcceptServiceAsync();
        harness.SendPassword(ConnectionHarness.Password);
        await harness.ExpectAsync(SshMessage.UserAuthSuccess);

        await using var other = new ConnectionHarness();
        await other.AcceptServiceAsync();
        other.Send(w => w.Byte(SshMessage.ServiceRequest).Utf8("ssh-connection"));
        Assert.Equal(SshDisconnectReason.ServiceNotAvailable, await other.ExpectDisconnectAsync());
    }

    [Fact]
    public async Task NoneIsAnsweredWithTheOfferedMethodsAfterTheBanner()
    {
        await using var harness = new ConnectionHarness(new SshServerOptions { Banner = ["Welcome to ECuRep"] });
        await harness.AcceptServiceAsync();
        harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-connection").Utf8("none"));

        var banner = new SshReader(await harness.ExpectAsync(SshMessage.UserAuthBanner));
        banner.ReadByte();
        Assert.Equal("Welcome to ECuRep\r\n", banner.ReadUtf8());
        var failure = new SshReader(await harness.ExpectAsync(SshMessage.UserAuthFailure));
        failure.ReadByte();
        Assert.Equal(["publickey", "password", "keyboard-interactive"], failure.ReadNameList());
        Assert.False(failure.ReadBoolean());
    }

    [Fact]
    public async Task OnlyTheConfiguredMethodsAreOfferedAndAnotherIsRefusedWithoutAPrompt()
    {
        await using var harness = new ConnectionHarness(new SshServerOptions { AuthenticationMethods = ["publickey", "password"] });
        await harness.AcceptServiceAsync();

        harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-connection").Utf8("keyboard-interactive").Utf8(string.Empty).Utf8(string.Empty));

        var failure = new SshReader(await harness.ExpectAsync(SshMessage.UserAuthFailure));
        failure.ReadByte();
        Assert.Equal(["publickey", "password"], failure.ReadNameList());
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("keyboard-interactive", StringComparison.Ordinal) && e.Message.Contains("method not offered", StringComparison.Ordinal));
        harness.SendPassword(ConnectionHarness.Password);
        await harness.ExpectAsync(SshMessage.UserAuthSuccess);
    }

    [Fact]
    public async Task RightPasswordSucceedsAndWrongOneFails()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.SendPassword("wrong");
        await harness.ExpectAsync(SshMessage.UserAuthFailure);
        harness.SendPassword(ConnectionHarness.Password);
        await harness.ExpectAsync(SshMessage.UserAuthSuccess);
    }

    [Fact]
    public async Task FailedAttemptsAreLoggedWithUserMethodAndAddressButNoSecret()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.SendPassword("hunter2-not-logged");
        await harness.ExpectAsync(SshMessage.UserAuthFailure);

        var entry = Assert.Single(harness.Logger.Entries, e => e.Message.StartsWith("Authentication failed", StringComparison.Ordinal));
        Assert.Contains("alice", entry.Message, StringComparison.Ordinal);
        Assert.Contains("password", entry.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:40000", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logger.Entries, e => e.Message.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PasswordChangeRequestFailsWithoutAskingTheAuthenticator()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-connection").Utf8("password")
            .Boolean(true).Utf8(ConnectionHarness.Password).Utf8("new"));

        await harness.ExpectAsync(SshMessage.UserAuthFailure);
        Assert.Equal(0, harness.Authenticator.PasswordChecks);
    }

    [Fact]
    public async Task KeyboardInteractiveAsksOneHiddenPasswordPrompt()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-connection").Utf8("keyboard-interactive").Utf8(string.Empty).Utf8(string.Empty));
        var request = new SshReader(await harness.ExpectAsync(SshMessage.UserAuthInfoRequest));
        request.ReadByte();
        request.ReadUtf8();
        request.ReadUtf8();
        request.ReadUtf8();
        Assert.Equal(1u, request.ReadUInt32());
        Assert.Equal("Password: ", request.ReadUtf8());
        Assert.False(request.ReadBoolean());

        harness.Send(w => w.Byte(SshMessage.UserAuthInfoResponse).UInt32(1).Utf8(ConnectionHarness.Password));
        await harness.ExpectAsync(SshMessage.UserAuthSuccess);
    }

    [Fact]
    public async Task AnInfoResponseWithoutAPromptIsAnsweredUnimplementedWithoutLoggingIn()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.Send(w => w.Byte(SshMessage.UserAuthInfoResponse).UInt32(1).Utf8(ConnectionHarness.Password));

        await harness.ExpectAsync(SshMessage.Unimplemented);
        Assert.Equal(0, harness.Authenticator.PasswordChecks);
        harness.SendPassword(ConnectionHarness.Password);
        await harness.ExpectAsync(SshMessage.UserAuthSuccess);
    }

    [Fact]
    public async Task AnUnknownMessageBeforeTheServiceRequestIsAnsweredUnimplementedWithItsSequenceNumber()
    {
        await using var harness = new ConnectionHarness();
        harness.Send(w => w.Byte(200).Utf8("local extension"));

        var unimplemented = await harness.ExpectAsync(SshMessage.Unimplemented);
        Assert.Equal(0u, new SshReader(unimplemented.AsSpan(1)).ReadUInt32());
        await harness.AcceptServiceAsync();
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("Message 200 from 127.0.0.1:40000 is not expected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownMessageDuringAuthenticationIsAnsweredUnimplementedAndLoginGoesOn()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.Send(w => w.Byte(SshMessage.UserAuthSuccess));
        harness.Send(w => w.Byte(150));

        var first = await harness.ExpectAsync(SshMessage.Unimplemented);
        Assert.Equal(1u, new SshReader(first.AsSpan(1)).ReadUInt32());
        var second = await harness.ExpectAsync(SshMessage.Unimplemented);
        Assert.Equal(2u, new SshReader(second.AsSpan(1)).ReadUInt32());
        harness.SendPassword(ConnectionHarness.Password);
        await harness.ExpectAsync(SshMessage.UserAuthSuccess);
    }

    [Fact]
    public async Task SixFailuresDisconnectButTheFirstNoneIsFree()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();
        harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-connection").Utf8("none"));
        await harness.ExpectAsync(SshMessage.UserAuthFailure);

        for (var i = 0; i < 5; i++)
        {
            harness.SendPassword("wrong");
            await harness.ExpectAsync(SshMessage.UserAuthFailure);
        }

        harness.SendPassword("wrong");
        Assert.Equal(SshDisconnectReason.NoMoreAuthMethodsAvailable, await harness.ExpectDisconnectAsync());
    }

    [Fact]
    public async Task Sha1RsaAndUnknownAlgorithmsFailWithoutDisconnecting()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        foreach (var algorithm in new[] { "ssh-rsa", "ssh-dss", "x509v3-sign-rsa" })
        {
            harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-connection").Utf8("publickey")
                .Boolean(false).Utf8(algorithm).Binary([0, 0, 0, 7, .. "ssh-rsa"u8]));
            await harness.ExpectAsync(SshMessage.UserAuthFailure);
        }

        harness.SendPassword(ConnectionHarness.Password);
        await harness.ExpectAsync(SshMessage.UserAuthSuccess);
    }

    [Fact]
    public async Task AnotherServiceThanConnectionFails()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-userauth").Utf8("password").Boolean(false).Utf8(ConnectionHarness.Password));

        await harness.ExpectAsync(SshMessage.UserAuthFailure);
        Assert.Equal(0, harness.Authenticator.PasswordChecks);
    }

    [Fact]
    public async Task TheRequestCapDisconnectsEvenWithoutFailures()
    {
        await using var harness = new ConnectionHarness(new SshServerOptions { MaxAuthRequests = 3 });
        await harness.AcceptServiceAsync();

        for (var i = 0; i < 3; i++)
        {
            harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-connection").Utf8("keyboard-interactive").Utf8(string.Empty).Utf8(string.Empty));
            await harness.ExpectAsync(SshMessage.UserAuthInfoRequest);
        }

        harness.SendPassword(ConnectionHarness.Password);
        Assert.Equal(SshDisconnectReason.NoMoreAuthMethodsAvailable, await harness.ExpectDisconnectAsync());
    }

    [Fact]
    public async Task TheLoginGraceTimeEndsAnUnauthenticatedConnection()
    {
        await using var harness = new ConnectionHarness(new SshServerOptions { LoginGraceTime = TimeSpan.FromMilliseconds(300) });
        harness.Send(w => w.Byte(SshMessage.ServiceRequest).Utf8("ssh-userauth"));

        Assert.Equal(SshDisconnectReason.ByApplication, await harness.ExpectDisconnectAsync());
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("not authenticated within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConnectionMessagesBeforeAuthenticationAreAProtocolError()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.Send(w => w.Byte(SshMessage.ChannelOpen).Utf8("session").UInt32(0).UInt32(1 << 20).UInt32(32768));

        Assert.Equal(SshDisconnectReason.ProtocolError, await harness.ExpectDisconnectAsync());
    }

    [Fact]
    public async Task ATruncatedRequestIsAProtocolError()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.Send(w => w.Byte(SshMessage.UserAuthRequest).Utf8("alice").Utf8("ssh-connection").Utf8("password").Boolean(false));

        Assert.Equal(SshDisconnectReason.ProtocolError, await harness.ExpectDisconnectAsync());
    }

    [Fact]
    public async Task AClientThatLeavesBeforeAuthenticatingIsLogged()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        harness.Transport.Close();
        await harness.Run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("left before authenticating", StringComparison.Ordinal));
    }
}
