namespace EcurepServer.Ssh.Auth;

/// <summary>The outcome of a successful user authentication: the name the client gave and the host's identity for it.</summary>
internal sealed record AuthenticatedUser(string User, object Identity);
