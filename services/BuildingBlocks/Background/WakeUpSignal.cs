namespace JusticePlatform.BuildingBlocks.Background;

/// <summary>
/// Lets a background loop sleep until there is work: something committed signals it, and
/// otherwise it looks again after its poll interval (for work another instance queued).
/// Several signals before the loop wakes count as one.
/// </summary>
public abstract class WakeUpSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_pending.CurrentCount == 0)
            {
                _pending.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough.
        }
    }

    /// <summary>True when signalled, false when the poll interval passed.</summary>
    public Task<bool> WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken) =>
        _pending.WaitAsync(pollInterval, cancellationToken);

    /// <summary>
    /// A background worker's loop until the host stops: a round, then sleep until signalled or the poll
    /// interval has passed. A round that fails is reported to <paramref name="failed"/> and the loop goes
    /// on: the work it held stays claimed until its lease ends, and is resumed then.
    /// </summary>
    public async Task RunRoundsAsync(Func<CancellationToken, Task> round, TimeSpan pollInterval, Action<Exception> failed, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await round(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failed(e);
            }

            try
            {
                await WaitAsync(pollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
