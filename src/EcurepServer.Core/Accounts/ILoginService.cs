using EcurepServer.Core.Sessions;

namespace EcurepServer.Core.Accounts;

/// <summary>The login policy shared by every protocol: Transfer IDs with password, anonymous with an e-mail.</summary>
public interface ILoginService
{
    /// <summary>True for the names that log in anonymously ("anonymous", "ftp"), whatever the site's policy.</summary>
    bool IsAnonymousName(string user);

    /// <summary>
    /// Checks the credentials under the site's policy. A failure has already waited the configured delay
    /// when this returns, so every protocol slows guessing the same way.
    /// </summary>
    ValueTask<LoginResult> LoginAsync(SessionContext session, string user, string password, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the public key (SSH wire blob of <paramref name="keyType"/>) is authorized for the Transfer ID. The
    /// engine proves possession of the private key; a refusal does not wait, since clients offer several keys.
    /// Anonymous never logs in by key.
    /// </summary>
    ValueTask<LoginResult> AuthorizeKeyAsync(SessionContext session, string user, string keyType, ReadOnlyMemory<byte> keyBlob, CancellationToken cancellationToken);
}
