namespace EcurepServer.Connections.ProxyProtocol;

/// <summary>A PROXY protocol header that is malformed, too long, unsupported or did not arrive in time.</summary>
public sealed class ProxyHeaderException(string message) : Exception(message);
