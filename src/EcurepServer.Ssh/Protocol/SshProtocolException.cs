namespace EcurepServer.Ssh.Protocol;

/// <summary>A fault that ends the connection with a DISCONNECT carrying <see cref="Reason"/> and the message.</summary>
public sealed class SshProtocolException(SshDisconnectReason reason, string message) : Exception(message)
{
    public SshDisconnectReason Reason { get; } = reason;
}
