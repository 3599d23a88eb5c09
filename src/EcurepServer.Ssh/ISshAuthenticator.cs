using EcurepServer.Ssh.Keys;

namespace EcurepServer.Ssh;

/// <summary>The host's accounts, asked by the user-authentication layer. The library never stores credentials.</summary>
public interface ISshAuthenticator
{
    /// <summary>Checks a password (from the <c>password</c> or <c>keyboard-interactive</c> method).</summary>
    ValueTask<SshAuthResult> PasswordAsync(SshAuthContext context, string user, string password, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="key"/> may log in as <paramref name="user"/>. Called for the signature-less query
    /// and again for the signed request; the library checks the signature itself.
    /// </summary>
    ValueTask<SshAuthResult> PublicKeyAsync(SshAuthContext context, string user, SshPublicKey key, CancellationToken cancellationToken);
}
