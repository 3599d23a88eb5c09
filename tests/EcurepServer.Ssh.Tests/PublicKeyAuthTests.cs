using EcurepServer.Ssh.Auth;
using EcurepServer.Ssh.Keys;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>The publickey method over the in-memory transport, with keys signed here (host key classes serve as client keys).</summary>
public sealed class PublicKeyAuthTests
{
    [Fact]
    public async Task AQueryForAnAuthorizedKeyGetsPkOk()
    {
        var key = TestHostKeys.All[0];
        await using var harness = new ConnectionHarness();
        harness.Authenticator.AuthorizedKeys.Add(key.PublicKey);
        await harness.AcceptServiceAsync();

        SendPublicKey(harness, "ssh-ed25519", key.PublicKey, signature: null);

        var ok = new SshReader(await harness.ExpectAsync(SshMessage.UserAuthPkOk));
        ok.ReadByte();
        Assert.Equal("ssh-ed25519", ok.ReadUtf8());
        Assert.True(ok.ReadBinary().SequenceEqual(key.PublicKey.Blob.Span));
    }

    [Fact]
    public async Task AQueryForAnUnknownKeyFails()
    {
        await using var harness = new ConnectionHarness();
        await harness.AcceptServiceAsync();

        SendPublicKey(harness, "ssh-ed25519", TestHostKeys.All[0].PublicKey, signature: null);

        await harness.ExpectAsync(SshMessage.UserAuthFailure);
    }

    [Theory]
    [InlineData(0, "ssh-ed25519")]
    [InlineData(1, "ecdsa-sha2-nistp256")]
    [InlineData(2, "rsa-sha2-256")]
    [InlineData(2, "rsa-sha2-512")]
    public async Task ASignatureOverTheSessionSucceeds(int keyIndex, string algorithm)
    {
        var key = TestHostKeys.All[keyIndex];
        await using var harness = new ConnectionHarness();
        harness.Authenticator.AuthorizedKeys.Add(key.PublicKey);
        await harness.AcceptServiceAsync();

        SendPublicKey(harness, algorithm, key.PublicKey, Sign(key, algorithm, harness.Transport.SessionId.Span));

        await harness.ExpectAsync(SshMessage.UserAuthSuccess);
    }

    [Fact]
    public async Task ASignatureOverAnotherSessionFails()
    {
        var key = TestHostKeys.All[0];
        await using var harness = new ConnectionHarness();
        harness.Authenticator.AuthorizedKeys.Add(key.PublicKey);
        await harness.AcceptServiceAsync();

        SendPublicKey(harness, "ssh-ed25519", key.PublicKey, Sign(key, "ssh-ed25519", new byte[32]));

        await harness.ExpectAsync(SshMessage.UserAuthFailure);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("bad signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAlgorithmThatDoesNotFitTheKeyFails()
    {
        var key = TestHostKeys.All[2];
        await using var harness = new ConnectionHarness();
        harness.Authenticator.AuthorizedKeys.Add(key.PublicKey);
        await harness.AcceptServiceAsync();

        SendPublicKey(harness, "ssh-ed25519", key.PublicKey, signature: null);

        await harness.ExpectAsync(SshMessage.UserAuthFailure);
    }

    private static byte[] Sign(SshHostKey key, string algorithm, ReadOnlySpan<byte> sessionId)
    {
        var data = new SshWriter();
        PublicKeySignedData.Write(data, sessionId, ConnectionHarness.User, "ssh-connection", algorithm, key.PublicKey.Blob.Span);
        return key.Sign(algorithm, data.WrittenSpan);
    }

    private static void SendPublicKey(ConnectionHarness harness, string algorithm, SshPublicKey key, byte[]? signature) =>
        harness.Send(w =>
        {
            w.Byte(SshMessage.UserAuthRequest).Utf8(ConnectionHarness.User).Utf8("ssh-connection").Utf8("publickey")
                .Boolean(signature is not null).Utf8(algorithm).Binary(key.Blob.Span);
            if (signature is not null)
            {
                w.Binary(signature);
            }
        });
}
