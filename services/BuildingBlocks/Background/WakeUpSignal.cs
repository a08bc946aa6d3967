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
}
