using System.Net;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Sessions;
using EcurepServer.Ssh;
using EcurepServer.Ssh.Keys;
using EcurepServer.Transcripts;

namespace EcurepServer.Hosting.Ssh;

/// <summary>SSH logins checked by Core's login policy: Transfer IDs by password or authorized key, anonymous by e-mail.</summary>
public sealed class DropBoxSshAuthenticator(string siteName, ILoginService login) : ISshAuthenticator
{
    public const string Protocol = "sftp";

    public async ValueTask<SshAuthResult> PasswordAsync(SshAuthContext context, string user, string password, CancellationToken cancellationToken)
    {
        var result = await login.LoginAsync(Session(context), user, password, cancellationToken);
        return result.Succeeded ? SshAuthResult.Success(result.Principal!) : SshAuthResult.Failure;
    }

    public async ValueTask<SshAuthResult> PublicKeyAsync(SshAuthContext context, string user, SshPublicKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var result = await login.AuthorizeKeyAsync(Session(context), user, key.KeyType, key.Blob, cancellationToken);
        return result.Succeeded ? SshAuthResult.Success(result.Principal!) : SshAuthResult.Failure;
    }

    /// <summary>
    /// An SSH connection as Core's logs, receipts and transcripts name it; the connection id ties login and transfer
    /// lines together, the observer brings the connection's transcript.
    /// </summary>
    public static SessionContext Session(string siteName, string connectionId, IPEndPoint remoteEndPoint, ISshConnectionObserver? observer) =>
        new(connectionId, siteName, Protocol, remoteEndPoint) { Transcript = SshTranscriptObserver.TranscriptOf(observer) };

    private SessionContext Session(SshAuthContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Session(siteName, context.ConnectionId, context.RemoteEndPoint, context.Observer);
    }
}
