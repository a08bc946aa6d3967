using System.Diagnostics;

namespace JusticePlatform.TestSupport;

/// <summary>Waits for an asynchronous outcome (an event consumed, a queue drained) instead of sleeping a fixed time.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(100);

    /// <param name="poll">How often to look; shorter where the test must act right after the outcome shows.</param>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? poll = null)
    {
        // Elapsed time, not a clock: the services' clock may be a fake one.
        var waited = Stopwatch.StartNew();
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0}s for {what}; last seen: {last}.");
            }

            await Task.Delay(poll ?? DefaultPoll);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what, TimeSpan? poll = null) =>
        ReturnsAsync(probe, ok => ok, timeout, what, poll);
}
