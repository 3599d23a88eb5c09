namespace EcurepServer.Testing;

/// <summary>A Transfer ID made by <see cref="EcurepReplica.AddAccountAsync"/>, with its password.</summary>
public sealed record ReplicaAccount(string Id, string Password);
