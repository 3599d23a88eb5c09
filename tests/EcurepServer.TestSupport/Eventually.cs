namespace EcurepServer.TestSupport;

/// <summary>Polls a condition with a deadline; tests wait on conditions, never on fixed sleeps.</summary>
public static class Eventually
{
    /// <summary>How long a test waits for something that should happen at once; generous for a busy machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what = "the condition to become true", TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? Deadline);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail("Timed out waiting for: " + what);
            }

            await Task.Delay(20);
        }
    }
}
