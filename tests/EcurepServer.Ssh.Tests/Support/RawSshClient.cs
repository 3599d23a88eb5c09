using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>A hand-driven client for hostile input: raw bytes, plaintext packets with any padding, and a reader for the server's plaintext packets.</summary>
internal sealed class RawSshClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private NetworkStream _stream = null!;

    private RawSshClient(IPAddress? from) => _client = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));

    /// <summary>Connects to the loopback server, from <paramref name="from"/> (another loopback address) when given.</summary>
    public static async Task<RawSshClient> ConnectAsync(int port, IPAddress? from = null)
    {
        var raw = new RawSshClient(from);
        await raw._client.ConnectAsync(IPAddress.Loopback, port);
        raw._stream = raw._client.GetStream();
        return raw;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The server may already have dropped us; the test checks why.
        }
    }

    /// <summary>A packet under the initial "none" cipher, with <paramref name="padding"/> bytes of padding (default: valid).</summary>
    public Task SendPacketAsync(byte[] payload, int? padding = null)
    {
        var pad = padding ?? (8 - ((5 + payload.Length) % 8) is var p && p < 4 ? p + 8 : 8 - ((5 + payload.Length) % 8));
        var packet = new byte[5 + payload.Length + pad];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(packet.Length - 4));
        packet[4] = (byte)pad;
        payload.CopyTo(packet, 5);
        return SendAsync(packet);
    }

    /// <summary>A KEXINIT offering what the server has, with extra names in the kex list (e.g. the strict-kex marker).</summary>
    public Task SendKexInitAsync(params string[] extraKex) => SendKexInitAsync(["ssh-ed25519"], false, extraKex);

    public Task SendKexInitAsync(string[] hostKeyAlgorithms, bool firstKexPacketFollows, params string[] extraKex)
    {
        var writer = new SshWriter().Byte(SshMessage.KexInit).Raw(new byte[16])
            .NameList(["curve25519-sha256", .. extraKex]).NameList(hostKeyAlgorithms)
            .NameList(["aes128-ctr"]).NameList(["aes128-ctr"]).NameList(["hmac-sha2-256"]).NameList(["hmac-sha2-256"])
            .NameList(["none"]).NameList(["none"]).NameList([]).NameList([]).Boolean(firstKexPacketFollows).UInt32(0);
        return SendPacketAsync(writer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// Reads until the server closes (or until <paramref name="closeAfter"/> packets have arrived); returns the
    /// server's version line and the message numbers of its plaintext packets.
    /// </summary>
    public async Task<(string Version, List<byte> Messages, uint? DisconnectReason)> ReadUntilClosedAsync(int closeAfter = int.MaxValue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var data = new MemoryStream();
        var buffer = new byte[4096];
        var parsed = Parse(data.ToArray());
        try
        {
            int read;
            while (parsed.Messages.Count < closeAfter && (read = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                data.Write(buffer, 0, read);
                parsed = Parse(data.ToArray());
            }
        }
        catch (IOException)
        {
            // A reset also means closed.
        }

        return parsed;
    }

    private static (string Version, List<byte> Messages, uint? DisconnectReason) Parse(byte[] bytes)
    {
        var newline = Array.IndexOf(bytes, (byte)'\n');
        var messages = new List<byte>();
        if (newline < 0)
        {
            return (string.Empty, messages, null);
        }

        var version = Encoding.ASCII.GetString(bytes, 0, newline).TrimEnd('\r');
        uint? reason = null;
        var rest = bytes.AsSpan(newline + 1);
        while (rest.Length >= 5)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(rest);
            if (rest.Length < 4 + length)
            {
                break;
            }

            var payload = rest.Slice(5, length - 1 - rest[4]);
            messages.Add(payload[0]);
            if (payload[0] == SshMessage.Disconnect)
            {
                reason = BinaryPrimitives.ReadUInt32BigEndian(payload[1..]);
            }

            rest = rest[(4 + length)..];
        }

        return (version, messages, reason);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
