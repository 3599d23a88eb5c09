using System.Security.Cryptography;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// This process as one node of the drop box: its claims and locks carry <see cref="Id"/>, new at every start, so the
/// claims of a process that died are never renewed by its successor and expire.
/// </summary>
public sealed class CatalogNode
{
    public CatalogNode()
        : this($"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}")
    {
    }

    public CatalogNode(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    public string Id { get; }
}
