namespace EcurepServer.Ssh;

/// <summary>An authenticator's answer; a success carries the host's identity object to the subsystem handlers.</summary>
public sealed class SshAuthResult
{
    private SshAuthResult(object? identity) => Identity = identity;

    public static SshAuthResult Failure { get; } = new(null);

    public object? Identity { get; }

    public bool Succeeded => Identity is not null;

    public static SshAuthResult Success(object identity) => new(identity);
}
