using System.Security.Cryptography;
using EcurepServer.Core;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;

namespace EcurepServer.Ftp.Tests.Fakes;

/// <summary>Keeps the bytes in memory; Committed means delivered, Disposed without it means kept aside.</summary>
internal sealed class FakeUpload(FakeDropBox box, VirtualPath path, Principal principal, SessionContext context, long resumedLength) : IUpload
{
    private readonly MemoryStream _data = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public VirtualPath Path => path;

    public long Length => resumedLength + _data.Length;

    public bool Committed { get; private set; }

    public bool Disposed { get; private set; }

    public SessionContext Context => context;

    /// <summary>Completes when the upload is disposed (after a commit or not).</summary>
    public Task Ended => _ended.Task;

    public byte[] Bytes => _data.ToArray();

    public ValueTask<Outcome<long>> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        box.WriteGate is { } gate ? WriteAfterAsync(gate, data, cancellationToken) : ValueTask.FromResult(Write(data));

    private async ValueTask<Outcome<long>> WriteAfterAsync(Task gate, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return Write(data);
    }

    private Outcome<long> Write(ReadOnlyMemory<byte> data)
    {
        if (Length + data.Length > box.MaxUploadBytes)
        {
            return Outcome<long>.Refused(RefusalKind.TooLarge, "File too large");
        }

        if (data.Length > box.QuotaLeft)
        {
            return Outcome<long>.Refused(RefusalKind.QuotaExceeded, FakeDropBox.QuotaText);
        }

        box.QuotaLeft -= data.Length;

        _data.Write(data.Span);
        return Outcome<long>.Success(Length);
    }

    public ValueTask<Outcome<long>> FlushAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Outcome<long>.Success(Length));

    public ValueTask<Outcome<VirtualPath>> RenameAsync(VirtualPath path, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Outcome<VirtualPath>.Refused(RefusalKind.PermissionDenied, "FTP uploads are not renamed"));

    public async ValueTask<Outcome<Receipt>> CommitAsync(CancellationToken cancellationToken)
    {
        if (box.CommitGate is { } gate)
        {
            box.CommitReached.TrySetResult();
            await gate.WaitAsync(cancellationToken);
        }

        Committed = true;
        var sha = Convert.ToHexStringLower(SHA256.HashData(_data.ToArray()));
        var now = DateTimeOffset.UtcNow;
        return Outcome<Receipt>.Success(new Receipt(
            path.Value, Length, sha, principal.Name, principal.IsAnonymous, context.Site, context.Protocol,
            context.RemoteEndPoint.Address.ToString(), context.SessionId, now, now));
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _ended.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
