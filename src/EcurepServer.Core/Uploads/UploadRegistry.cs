namespace EcurepServer.Core.Uploads;

/// <summary>
/// What uploads in progress hold: their partial file, so no two write it at once and retention leaves it alone, and
/// the delivered file they are meant to become, so no two of an account aim at the same name.
/// </summary>
internal sealed class UploadRegistry
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    public bool TryAcquire(string file)
    {
        lock (_lock)
        {
            return _held.Add(file);
        }
    }

    public void Release(string file)
    {
        lock (_lock)
        {
            _held.Remove(file);
        }
    }

    /// <summary>True while an upload holds <paramref name="file"/>.</summary>
    public bool IsActive(string file)
    {
        lock (_lock)
        {
            return _held.Contains(file);
        }
    }
}
