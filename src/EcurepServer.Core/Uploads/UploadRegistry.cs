namespace EcurepServer.Core.Uploads;

/// <summary>The uploads in progress, so one account cannot write the same partial twice at once.</summary>
internal sealed class UploadRegistry
{
    private readonly Lock _lock = new();
    private readonly HashSet<(string Target, string AccountKey)> _active = [];
    private readonly Dictionary<string, int> _targets = new(StringComparer.Ordinal);

    public bool TryAcquire(string target, string accountKey)
    {
        lock (_lock)
        {
            if (!_active.Add((target, accountKey)))
            {
                return false;
            }

            _targets[target] = _targets.GetValueOrDefault(target) + 1;
            return true;
        }
    }

    public void Release(string target, string accountKey)
    {
        lock (_lock)
        {
            if (_active.Remove((target, accountKey)) && --_targets[target] == 0)
            {
                _targets.Remove(target);
            }
        }
    }

    /// <summary>True while any account uploads to <paramref name="target"/>.</summary>
    public bool IsActive(string target)
    {
        lock (_lock)
        {
            return _targets.ContainsKey(target);
        }
    }
}
