using EcurepServer.Hosting.Readiness;
using EcurepServer.Settings;

namespace EcurepServer.Management;

/// <summary>/readyz: every enabled listener accepts, and the data directory takes a file and has the configured free space.</summary>
public sealed class ReadinessProbe(SiteListeners listeners, AppPaths paths, EcurepServerOptions options)
{
    /// <summary>Why the server is not ready, or null when it is.</summary>
    public string? NotReadyReason()
    {
        if (listeners.NotAccepting() is { } down)
        {
            return down;
        }

        var probe = Path.Combine(paths.DataDirectory, $".readyz-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"the data directory {paths.DataDirectory} is not writable: {exception.Message}";
        }

        var free = new DriveInfo(paths.DataDirectory).AvailableFreeSpace;
        var minimum = options.Management.MinFreeBytes;
        return free < minimum
            ? $"the data directory {paths.DataDirectory} has {free} bytes free, less than {EcurepServerOptions.SectionName}:Management:MinFreeBytes ({minimum})"
            : null;
    }
}
