using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;
using EcurepServer.Ssh.Transport.Ciphers;
using EcurepServer.Ssh.Transport.Kex;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>
/// A client that does real key exchanges (curve25519-sha256, aes128-ctr, hmac-sha2-256, no strict kex) over the
/// server's own packet codec, so a test can time its messages against a rekey exactly. A background loop reads,
/// answers the server's side of each exchange and hands every other payload (IGNORE aside) to the test.
/// </summary>
internal sealed class KexClient : IAsyncDisposable
{
    private const string Version = "SSH-2.0-KexClient";
    private const string Cipher = "aes128-ctr";
    private const string Mac = "hmac-sha2-256";

    private readonly TcpClient _client = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private NetworkStream _stream = null!;
    private SshInputBuffer _input = null!;
    private PacketReader _reader = null!;
    private PacketWriter _writer = null!;
    private string _serverVersion = string.Empty;
    private byte[]? _sessionId;
    private byte[] _serverKexInit = [];
    private byte[] _clientKexInit = [];
    private byte[] _privateKey = [];
    private byte[] _publicKey = [];
    private PacketCipher? _pendingIncoming;
    private Task _readLoop = Task.CompletedTask;

    public static async Task<KexClient> ConnectAsync(int port)
    {
        var client = new KexClient();
        await client._client.ConnectAsync(IPAddress.Loopback, port);
        client._stream = client._client.GetStream();
        client._input = new SshInputBuffer(client._stream, 512 * 1024);
        client._reader = new PacketReader(client._input, 256 * 1024);
        client._writer = new PacketWriter(client._stream);
        await client._stream.WriteAsync(Encoding.ASCII.GetBytes(Version + "\r\n"));
        client._serverVersion = await client._input.ReadLineAsync(255, client._stop.Token);
        client._readLoop = client.ReadLoopAsync();
        await client.StartKeyExchangeAsync();
        await client.ExpectAsync(SshMessage.NewKeys);
        return client;
    }

    /// <summary>Sends KEXINIT and the ECDH init right after it; the read loop does the rest.</summary>
    public async Task StartKeyExchangeAsync()
    {
        _clientKexInit = new KexInitMessage(
            ["curve25519-sha256"], ["ssh-ed25519"], [Cipher], [Cipher], [Mac], [Mac], ["none"], ["none"], false).Encode();
        _privateKey = new byte[X25519.ScalarSize];
        _publicKey = new byte[X25519.PointSize];
        X25519.GeneratePrivateKey(new Org.BouncyCastle.Security.SecureRandom(), _privateKey);
        X25519.GeneratePublicKey(_privateKey, 0, _publicKey, 0);
        await SendAsync(_clientKexInit);
        await SendAsync(new SshWriter().Byte(SshMessage.KexEcdhInit).Binary(_publicKey).WrittenSpan.ToArray());
    }

    public async Task SendAsync(ReadOnlyMemory<byte> payload)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _writer.WriteAsync(payload.Span, _stop.Token);
            await _stream.FlushAsync(_stop.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Skips payloads until one of <paramref name="messageType"/> arrives; fails when none comes within <paramref name="timeout"/>.</summary>
    public async Task<byte[]> ExpectAsync(byte messageType, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var payload = await _received.Reader.ReadAsync(deadline.Token);
            if (payload[0] == messageType)
            {
                return payload;
            }
        }
    }

    /// <summary>Completes once the server has closed the connection and every payload before that was taken.</summary>
    public Task ClosedAsync(TimeSpan timeout) => _received.Reader.Completion.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        try
        {
            await _readLoop;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var payload = (await _reader.ReadAsync(_stop.Token)).ToArray();
                switch (payload[0])
                {
                    case SshMessage.Ignore:
                        continue;
                    case SshMessage.KexInit:
                        _serverKexInit = payload;
                        break;
                    case SshMessage.KexEcdhReply:
                        await TakeReplyAsync(payload);
                        break;
                    case SshMessage.NewKeys:
                        _reader.ChangeCipher(_pendingIncoming!, resetSequence: false);
                        break;
                }

                _received.Writer.TryWrite(payload);
            }
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private async Task TakeReplyAsync(byte[] reply)
    {
        var reader = new SshReader(reply.AsSpan(1));
        var hostKey = reader.ReadBinary().ToArray();
        var serverPublic = reader.ReadBinary().ToArray();
        var secret = new byte[X25519.PointSize];
        X25519.CalculateAgreement(_privateKey, 0, serverPublic, 0, secret, 0);
        var hash = SHA256.HashData(new SshWriter()
            .Utf8(Version).Utf8(_serverVersion).Binary(_clientKexInit).Binary(_serverKexInit).Binary(hostKey)
            .Binary(_publicKey).Binary(serverPublic).MPIntUnsigned(secret).WrittenSpan);
        _sessionId ??= hash;
        var encodedSecret = new SshWriter().MPIntUnsigned(secret).WrittenSpan.ToArray();
        byte[] Derive(char letter, int length) => KeyDerivation.Derive(HashAlgorithmName.SHA256, encodedSecret, hash, letter, _sessionId, length);
        var outgoing = CipherAlgorithms.Create(Cipher, Mac, Derive('C', 16), Derive('A', 16), Derive('E', 32));
        _pendingIncoming = CipherAlgorithms.Create(Cipher, Mac, Derive('D', 16), Derive('B', 16), Derive('F', 32));
        await _sendLock.WaitAsync();
        try
        {
            await _writer.WriteAsync(new[] { SshMessage.NewKeys }, _stop.Token);
            await _stream.FlushAsync(_stop.Token);
            _writer.ChangeCipher(outgoing, resetSequence: false);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
