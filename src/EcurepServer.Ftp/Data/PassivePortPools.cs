namespace EcurepServer.Ftp.Data;

/// <summary>
/// One passive port pool per distinct range, shared by every server given the same registry: the three ECuRep sites
/// all announce 65024-65535, and a site's legacy plain listener uses its FTPS range.
/// </summary>
public sealed class PassivePortPools
{
    private readonly Dictionary<(int Min, int Max), PassivePortPool> _pools = [];
    private readonly Lock _lock = new();

    public PassivePortPool For(int minPort, int maxPort)
    {
        lock (_lock)
        {
            if (!_pools.TryGetValue((minPort, maxPort), out var pool))
            {
                pool = new PassivePortPool(minPort, maxPort);
                _pools[(minPort, maxPort)] = pool;
            }

            return pool;
        }
    }
}
