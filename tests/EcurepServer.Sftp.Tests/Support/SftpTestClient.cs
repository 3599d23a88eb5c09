using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace EcurepServer.Sftp.Tests.Support;

/// <summary>A small SFTP v3 client that sends raw messages over the in-memory pipes and reads raw replies.</summary>
public sealed class SftpTestClient(PipeWriter output, PipeReader input, Task run) : IAsyncDisposable
{
    public const uint Read = 0x01;
    public const uint Write = 0x02;
    public const uint Append = 0x04;
    public const uint Create = 0x08;
    public const uint Truncate = 0x10;

    public const uint Ok = 0;
    public const uint Eof = 1;
    public const uint NoSuchFile = 2;
    public const uint PermissionDenied = 3;
    public const uint Failure = 4;
    public const uint BadMessage = 5;
    public const uint OpUnsupported = 8;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private uint _nextId = 100;
    private bool _ended;

    /// <summary>The subsystem's run; it completes when the session ends.</summary>
    public Task Run { get; } = run;

    public async Task<Reply> InitAsync(uint version = 3)
    {
        await SendRawAsync(PacketBuilder.Message(1, new PacketBuilder().UInt32(version).ToArray()));
        var reply = await ReceiveAsync();
        Assert.Equal(Reply.Version, reply.Type);
        return reply;
    }

    public async Task SendRawAsync(byte[] bytes, int pieceSize = int.MaxValue)
    {
        for (var offset = 0; offset < bytes.Length; offset += pieceSize)
        {
            await output.WriteAsync(bytes.AsMemory(offset, Math.Min(pieceSize, bytes.Length - offset)));
        }
    }

    /// <summary>Sends a request without waiting for its reply (pipelining); returns its id.</summary>
    public async Task<uint> SendAsync(byte type, Func<PacketBuilder, PacketBuilder> fields)
    {
        var id = _nextId++;
        var builder = fields(new PacketBuilder().UInt32(id));
        await SendRawAsync(PacketBuilder.Message(type, builder.ToArray()));
        return id;
    }

    public async Task<Reply> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var result = await input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                var length = ReadLength(buffer);
                if (buffer.Length >= 4 + length)
                {
                    var message = buffer.Slice(4, length).ToArray();
                    input.AdvanceTo(buffer.GetPosition(4 + length));
                    return new Reply(message[0], message[1..]);
                }
            }

            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                throw new EndOfStreamException("The server ended the session.");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Receives the reply to <paramref name="id"/>, which must be the next one.</summary>
    public async Task<Reply> ReceiveAsync(uint id)
    {
        var reply = await ReceiveAsync();
        Assert.Equal(id, reply.ReadUInt32());
        return reply;
    }

    public async Task<Reply> RequestAsync(byte type, Func<PacketBuilder, PacketBuilder> fields) =>
        await ReceiveAsync(await SendAsync(type, fields));

    public Task<Reply> RealpathAsync(string path) => RequestAsync(16, p => p.String(path));

    public Task<Reply> StatAsync(string path) => RequestAsync(17, p => p.String(path));

    public Task<Reply> OpenAsync(string path, uint flags) => RequestAsync(3, p => p.String(path).UInt32(flags).Attrs());

    public Task<Reply> CloseAsync(byte[] handle) => RequestAsync(4, p => p.String(handle));

    public Task<Reply> WriteAsync(byte[] handle, ulong offset, ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        return RequestAsync(6, p => p.String(handle).UInt64(offset).String(copy));
    }

    public Task<Reply> ReadAsync(byte[] handle, ulong offset, uint length) => RequestAsync(5, p => p.String(handle).UInt64(offset).UInt32(length));

    public Task<Reply> OpendirAsync(string path) => RequestAsync(11, p => p.String(path));

    public Task<Reply> RenameAsync(string from, string to) => RequestAsync(18, p => p.String(from).String(to));

    public Task<Reply> ExtendedAsync(string name, Func<PacketBuilder, PacketBuilder>? fields = null) =>
        RequestAsync(200, p => (fields ?? (f => f))(p.String(name)));

    /// <summary>OPEN that must succeed; returns the handle.</summary>
    public async Task<byte[]> OpenHandleAsync(string path, uint flags)
    {
        var reply = await OpenAsync(path, flags);
        return ExpectHandle(reply);
    }

    public static byte[] ExpectHandle(Reply reply)
    {
        if (reply.Type == Reply.Status)
        {
            var (code, message) = ReadStatus(reply);
            Assert.Fail($"Expected a handle, got status {code}: {message}");
        }

        Assert.Equal(Reply.Handle, reply.Type);
        return reply.ReadBytes();
    }

    /// <summary>The status code and message; the id must have been read already.</summary>
    public static (uint Code, string Message) ReadStatus(Reply reply)
    {
        Assert.Equal(Reply.Status, reply.Type);
        var code = reply.ReadUInt32();
        var message = reply.ReadString();
        reply.ReadString();
        return (code, message);
    }

    public static void ExpectOk(Reply reply)
    {
        var (code, message) = ReadStatus(reply);
        Assert.True(code == Ok, $"Expected OK, got {code}: {message}");
    }

    /// <summary>Uploads with OpenSSH's pattern: OPEN (WRITE|CREAT|TRUNC), pipelined WRITEs, CLOSE; returns CLOSE's status.</summary>
    public async Task<(uint Code, string Message)> PutAsync(string path, byte[] data, int chunk = 32 * 1024, uint flags = Write | Create | Truncate, long startAt = 0)
    {
        var handle = await OpenHandleAsync(path, flags);
        var ids = new List<uint>();
        for (var offset = (int)startAt; offset < data.Length; offset += chunk)
        {
            var piece = data.AsMemory(offset, Math.Min(chunk, data.Length - offset)).ToArray();
            var at = (ulong)offset;
            ids.Add(await SendAsync(6, p => p.String(handle).UInt64(at).String(piece)));
        }

        foreach (var id in ids)
        {
            ExpectOk(await ReceiveAsync(id));
        }

        return ReadStatus(await CloseAsync(handle));
    }

    /// <summary>OPENDIR and READDIR until EOF; the names, or the OPENDIR refusal.</summary>
    public async Task<(List<(string Name, string LongName, uint Permissions)> Entries, (uint Code, string Message)? Refused)> ListAsync(string path)
    {
        var opened = await OpendirAsync(path);
        if (opened.Type == Reply.Status)
        {
            return ([], ReadStatus(opened));
        }

        var handle = ExpectHandle(opened);
        var entries = new List<(string, string, uint)>();
        while (true)
        {
            var reply = await RequestAsync(12, p => p.String(handle));
            if (reply.Type == Reply.Status)
            {
                Assert.Equal(Eof, ReadStatus(reply).Code);
                break;
            }

            Assert.Equal(Reply.Name, reply.Type);
            var count = reply.ReadUInt32();
            for (var i = 0; i < count; i++)
            {
                var name = reply.ReadString();
                var longName = reply.ReadString();
                entries.Add((name, longName, reply.ReadAttrs().Permissions!.Value));
            }
        }

        ExpectOk(await CloseAsync(handle));
        return (entries, null);
    }

    /// <summary>Drops the connection as a killed client would: the input ends, no CLOSE.</summary>
    public async Task EndAsync()
    {
        if (!_ended)
        {
            _ended = true;
            await output.CompleteAsync();
        }

        await Run.WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        await EndAsync();
        await input.CompleteAsync();
    }

    private static uint ReadLength(ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        return BinaryPrimitives.ReadUInt32BigEndian(prefix);
    }
}
