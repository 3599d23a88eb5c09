namespace EcurepServer.Connections;

/// <summary>
/// Holds an upload to a rate (a throttle fault): after each chunk it waits until the bytes received since the
/// rate was set are due. Without a rate it costs nothing.
/// </summary>
public sealed class UploadThrottle(TimeProvider time)
{
    private long _rate;
    private long _since;
    private long _bytes;

    public async ValueTask PaceAsync(long bytesPerSecond, long received, CancellationToken cancellationToken)
    {
        if (bytesPerSecond <= 0)
        {
            return;
        }

        if (bytesPerSecond != _rate)
        {
            _rate = bytesPerSecond;
            _since = time.GetTimestamp();
            _bytes = 0;
        }

        _bytes += received;
        var due = TimeSpan.FromSeconds((double)_bytes / _rate) - time.GetElapsedTime(_since);
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
