using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>A hand-driven client for hostile input: raw bytes, plaintext packets with any padding, and a reader for the server's plaintext packets.</summary>
internal sealed class RawSshClient : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;

    public static async Task<RawSshClient> ConnectAsync(int port)
    {
        var raw = new RawSshClient();
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
    public Task SendKexInitAsync(params string[] extraKex)
    {
        var writer = new SshWriter().Byte(SshMessage.KexInit).Raw(new byte[16])
            .NameList(["curve25519-sha256", .. extraKex]).NameList(["ssh-ed25519"])
            .NameList(["aes128-ctr"]).NameList(["aes128-ctr"]).NameList(["hmac-sha2-256"]).NameList(["hmac-sha2-256"])
            .NameList(["none"]).NameList(["none"]).NameList([]).NameList([]).Boolean(false).UInt32(0);
        return SendPacketAsync(writer.WrittenSpan.ToArray());
    }

    /// <summary>Reads everything until the server closes; returns the message numbers of its plaintext packets after the version line.</summary>
    public async Task<(string Version, List<byte> Messages, uint? DisconnectReason)> ReadUntilClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var data = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                data.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset also means closed.
        }

        var bytes = data.ToArray();
        var newline = Array.IndexOf(bytes, (byte)'\n');
        var version = Encoding.ASCII.GetString(bytes, 0, newline).TrimEnd('\r');
        var messages = new List<byte>();
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
