using EcurepServer.Ssh.Keys;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>One user with a password and any number of authorized keys; the identity is the user name.</summary>
internal sealed class TestAuthenticator(string user, string password) : ISshAuthenticator
{
    public List<SshPublicKey> AuthorizedKeys { get; } = [];

    public int PasswordChecks { get; private set; }

    public ValueTask<SshAuthResult> PasswordAsync(SshAuthContext context, string user1, string password1, CancellationToken cancellationToken)
    {
        PasswordChecks++;
        return ValueTask.FromResult(user1 == user && password1 == password ? SshAuthResult.Success($"identity:{user1}") : SshAuthResult.Failure);
    }

    public ValueTask<SshAuthResult> PublicKeyAsync(SshAuthContext context, string user1, SshPublicKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            user1 == user && AuthorizedKeys.Any(k => k.Blob.Span.SequenceEqual(key.Blob.Span))
                ? SshAuthResult.Success($"identity:{user1}")
                : SshAuthResult.Failure);
}
