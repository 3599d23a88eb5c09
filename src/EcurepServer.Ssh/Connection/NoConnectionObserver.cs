namespace EcurepServer.Ssh.Connection;

/// <summary>Follows nothing: what a connection has when the host gave the server no <see cref="ISshSessionObserver"/>.</summary>
internal sealed class NoConnectionObserver(string connectionId) : ISshConnectionObserver
{
    public string ConnectionId { get; } = connectionId;

    public void VersionsExchanged(string clientVersion, string serverVersion)
    {
    }

    public void KeyExchangeInit(SshKexInit kexInit)
    {
    }

    public void KeyExchanged(SshKeyExchange exchange)
    {
    }

    public void AuthenticationAttempted(SshAuthAttempt attempt)
    {
    }

    public void ChannelOpened(SshChannelOpen open)
    {
    }

    public void ChannelRequested(SshChannelRequest request)
    {
    }

    public void Ended(SshEndReason reason, string? detail)
    {
    }
}
